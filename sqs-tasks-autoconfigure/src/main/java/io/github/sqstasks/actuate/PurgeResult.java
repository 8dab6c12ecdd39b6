package io.github.sqstasks.actuate;

/**
 * What a purge did: SQS deletes the queue's messages within about a minute of the request.
 *
 * @param queue the queue name without prefix
 * @param name its SQS name, with prefix
 * @param messagesBefore the approximate counts just before the purge
 */
public record PurgeResult(String queue, String name, MessageCounts messagesBefore) {
}
