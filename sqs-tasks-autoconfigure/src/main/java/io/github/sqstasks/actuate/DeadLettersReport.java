package io.github.sqstasks.actuate;

import java.util.List;

import io.github.sqstasks.deadletter.DeadLetter;

/**
 * The messages waiting in a queue's dead-letter queue, as the {@code sqstasks} endpoint lists them.
 *
 * @param queue the source queue, without prefix
 * @param deadLetterQueue its dead-letter queue, without prefix
 * @param messages the messages looked at, at most as many as asked for
 */
public record DeadLettersReport(String queue, String deadLetterQueue, List<DeadLetter> messages) {
}
