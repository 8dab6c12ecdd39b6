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
 */
public record TaskMessage(String messageId, String queue, @Nullable String taskName, String body, int receiveCount,
		Map<String, String> attributes, TaskContext context, @Nullable Instant sentAt) {

	/**
	 * Creates the record with an unmodifiable copy of the attributes.
	 */
	public TaskMessage {
		attributes = Map.copyOf(attributes);
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
