package io.github.sqstasks.core;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Turns a received SQS message into the {@link TaskMessage} handlers see.
 */
public final class MessageDecoder {

	private final TaskCodec codec;

	/**
	 * Creates the decoder.
	 * @param codec reads the context attribute
	 */
	public MessageDecoder(TaskCodec codec) {
		this.codec = codec;
	}

	/**
	 * Decodes a message.
	 * @param queue the queue name without prefix
	 * @param message the received message
	 * @return the message as handlers see it
	 * @throws PoisonMessageException when its JobContext is not an object in the codec its ContentType names
	 */
	public TaskMessage decode(String queue, Message message) {
		Map<String, String> attributes = stringAttributes(message);
		String contextJson = attributes.get(WireFormat.JOB_CONTEXT);
		TaskContext context = TaskContext.empty();
		if (contextJson != null) {
			try {
				context = withoutReservedKeys(
						this.codec.decodeContext(contextJson, attributes.get(WireFormat.CONTENT_TYPE)));
			}
			catch (IllegalArgumentException ex) {
				throw new PoisonMessageException("Message " + message.messageId() + " on queue '" + queue + "': "
						+ ex.getMessage(), ex);
			}
		}
		return new TaskMessage(message.messageId(), queue, attributes.get(WireFormat.JOB_NAME),
				(message.body() != null) ? message.body() : "", receiveCount(message), attributes, context,
				sentAt(message), message.attributesAsStrings());
	}

	/**
	 * Returns a message's ApproximateReceiveCount.
	 * @param message the received message
	 * @return the count, 1 when absent
	 */
	public static int receiveCount(Message message) {
		String count = message.attributesAsStrings()
			.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT.toString());
		try {
			return (count != null) ? Integer.parseInt(count) : 1;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	private static java.time.@org.jspecify.annotations.Nullable Instant sentAt(Message message) {
		String sent = message.attributesAsStrings().get(MessageSystemAttributeName.SENT_TIMESTAMP.toString());
		try {
			return (sent != null) ? java.time.Instant.ofEpochMilli(Long.parseLong(sent)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Returns a context without the library's reserved {@code _sqs_tasks_} keys, as handlers see it.
	 * @param context a context decoded from {@code JobContext}
	 * @return the context without reserved keys
	 */
	public static TaskContext withoutReservedKeys(TaskContext context) {
		if (context.asMap().keySet().stream().noneMatch((key) -> key.startsWith(WireFormat.RESERVED_CONTEXT_PREFIX))) {
			return context;
		}
		Map<String, String> values = new LinkedHashMap<>(context.asMap());
		values.keySet().removeIf((key) -> key.startsWith(WireFormat.RESERVED_CONTEXT_PREFIX));
		return TaskContext.of(values);
	}

	private static Map<String, String> stringAttributes(Message message) {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (Map.Entry<String, MessageAttributeValue> entry : message.messageAttributes().entrySet()) {
			String value = entry.getValue().stringValue();
			if (value != null) {
				attributes.put(entry.getKey(), value);
			}
		}
		return attributes;
	}

}
