package io.github.sqstasks.deadletter;

/**
 * What a redrive did.
 *
 * @param queue the source queue, without prefix
 * @param deadLetterQueue its dead-letter queue, without prefix
 * @param moved how many messages were moved back
 * @param method {@code StartMessageMoveTask} when the broker moved them, {@code resend} when the library did
 */
public record RedriveResult(String queue, String deadLetterQueue, long moved, String method) {
}
