package io.github.sqstasks.listener;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskMessageException;
import io.github.sqstasks.core.WireFormat;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Turns a received SQS message into the {@link TaskMessage} handlers see.
 */
final class MessageDecoder {

	private final TaskCodec codec;

	MessageDecoder(TaskCodec codec) {
		this.codec = codec;
	}

	TaskMessage decode(String queue, Message message) {
		Map<String, String> attributes = stringAttributes(message);
		String contextJson = attributes.get(WireFormat.JOB_CONTEXT);
		TaskContext context = TaskContext.empty();
		if (contextJson != null) {
			try {
				context = this.codec.decodeContext(contextJson);
			}
			catch (IllegalArgumentException ex) {
				throw new TaskMessageException("Message " + message.messageId() + " on queue '" + queue + "': "
						+ ex.getMessage(), ex);
			}
		}
		return new TaskMessage(message.messageId(), queue, attributes.get(WireFormat.JOB_NAME),
				(message.body() != null) ? message.body() : "", receiveCount(message), attributes, context);
	}

	static int receiveCount(Message message) {
		String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
		try {
			return (count != null) ? Integer.parseInt(count) : 1;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
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
