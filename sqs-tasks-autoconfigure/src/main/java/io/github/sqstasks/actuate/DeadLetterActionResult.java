package io.github.sqstasks.actuate;

/**
 * What the {@code sqstasks} endpoint did to one dead letter.
 *
 * @param queue the source queue, without prefix
 * @param deadLetterQueue its dead-letter queue, without prefix
 * @param messageId the message's id in the dead-letter queue
 * @param action {@code replay} (moved back to the queue) or {@code discard} (deleted)
 */
public record DeadLetterActionResult(String queue, String deadLetterQueue, String messageId, String action) {
}
