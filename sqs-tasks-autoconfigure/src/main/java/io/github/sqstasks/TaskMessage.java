package io.github.sqstasks;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A received message as a handler may see it.
 *
 * @param messageId the SQS message id
 * @param queue the queue's name as written in {@code @SqsTask}, without the configured prefix
 * @param taskName the task name from the {@code JobName} attribute, or {@code null} for raw messages without one
 * @param body the message body as received
 * @param receiveCount how many times SQS has delivered the message, this time included ({@code ApproximateReceiveCount})
 * @param attributes the message's string message attributes
 * @param context the context propagated from the producer
 * @param sentAt when SQS accepted the message ({@code SentTimestamp}), or {@code null} when unknown
 * @param systemAttributes the SQS system attributes received with the message ({@code SenderId},
 * {@code ApproximateFirstReceiveTimestamp}, {@code SequenceNumber}, {@code MessageGroupId}, ...), by SQS's names
 */
public record TaskMessage(String messageId, String queue, @Nullable String taskName, String body, int receiveCount,
		Map<String, String> attributes, TaskContext context, @Nullable Instant sentAt,
		Map<String, String> systemAttributes) {

	/**
	 * Creates the record with unmodifiable copies of the attributes.
	 */
	public TaskMessage {
		attributes = Map.copyOf(attributes);
		systemAttributes = Map.copyOf(systemAttributes);
	}

	/**
	 * Creates a message without system attributes.
	 * @param messageId the SQS message id
	 * @param queue the queue's name without prefix
	 * @param taskName the task name, or {@code null}
	 * @param body the body
	 * @param receiveCount the delivery count
	 * @param attributes the string message attributes
	 * @param context the propagated context
	 * @param sentAt when SQS accepted the message, or {@code null}
	 */
	public TaskMessage(String messageId, String queue, @Nullable String taskName, String body, int receiveCount,
			Map<String, String> attributes, TaskContext context, @Nullable Instant sentAt) {
		this(messageId, queue, taskName, body, receiveCount, attributes, context, sentAt, Map.of());
	}

	/**
	 * Returns who sent the message: an AWS account or IAM principal id ({@code SenderId}).
	 * @return the id, or {@code null} when SQS did not say
	 */
	public @Nullable String senderId() {
		return this.systemAttributes.get("SenderId");
	}

	/**
	 * Returns when the message was first received from the queue ({@code ApproximateFirstReceiveTimestamp}).
	 * @return the time, or {@code null} when SQS did not say
	 */
	public @Nullable Instant firstReceivedAt() {
		String millis = this.systemAttributes.get("ApproximateFirstReceiveTimestamp");
		try {
			return (millis != null) ? Instant.ofEpochMilli(Long.parseLong(millis)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Returns the message's sequence number in its FIFO queue ({@code SequenceNumber}).
	 * @return the number as SQS writes it (up to 128 bits), or {@code null} on a standard queue
	 */
	public @Nullable String sequenceNumber() {
		return this.systemAttributes.get("SequenceNumber");
	}

	/**
	 * Returns the message's FIFO group ({@code MessageGroupId}).
	 * @return the group, or {@code null} on a standard queue
	 */
	public @Nullable String groupId() {
		return this.systemAttributes.get("MessageGroupId");
	}

	/**
	 * Creates a message whose send time is unknown.
	 * @param messageId the SQS message id
	 * @param queue the queue's name without prefix
	 * @param taskName the task name, or {@code null}
	 * @param body the body
	 * @param receiveCount the delivery count
	 * @param attributes the string message attributes
	 * @param context the propagated context
	 */
	public TaskMessage(String messageId, String queue, @Nullable String taskName, String body, int receiveCount,
			Map<String, String> attributes, TaskContext context) {
		this(messageId, queue, taskName, body, receiveCount, attributes, context, null);
	}

}
