package io.github.sqstasks.memory;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only snapshot of one message in an in-memory queue, taken without changing its state.
 * @param messageId the message id
 * @param body the body
 * @param messageAttributes the message attributes' values (string values, or Base64 for binary ones)
 * @param messageAttributeTypes the message attributes' data types
 * @param receiveCount how often the message has been received
 * @param state whether the message is visible, in flight or delayed
 * @param sentAt when the message was first sent
 * @param visibleAt when the message becomes (or became) receivable
 * @param groupId the FIFO message group id, or {@code null}
 */
public record QueuedMessage(String messageId, String body, Map<String, String> messageAttributes,
		Map<String, String> messageAttributeTypes, int receiveCount, MessageState state, Instant sentAt,
		Instant visibleAt, @Nullable String groupId) {
}
