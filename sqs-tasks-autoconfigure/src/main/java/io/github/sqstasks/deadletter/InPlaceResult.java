package io.github.sqstasks.deadletter;

/**
 * What processing a dead-letter queue in place did.
 *
 * @param queue the source queue whose handlers ran, without prefix
 * @param deadLetterQueue the dead-letter queue, without prefix
 * @param succeeded messages whose handler returned; they were deleted from the dead-letter queue
 * @param failed messages whose handler failed again; they stay in the dead-letter queue
 */
public record InPlaceResult(String queue, String deadLetterQueue, int succeeded, int failed) {
}
