package io.github.sqstasks.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Builds the request that sends a received message again, to another queue (a dead-letter queue, or back from one).
 */
public final class MessageCopy {

	/** SQS's largest message, and its default limit: body plus attribute names, types and values. */
	public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

	private MessageCopy() {
	}

	/**
	 * Returns the size of a message as SQS counts it against a queue's limit: the UTF-8 bytes of the body and of
	 * each attribute's name, data type and value (bytes of a binary value).
	 * @param body the message body
	 * @param attributes its message attributes
	 * @return the size in bytes
	 */
	public static long size(String body, Map<String, MessageAttributeValue> attributes) {
		long size = utf8Length(body);
		for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
			MessageAttributeValue value = attribute.getValue();
			size += utf8Length(attribute.getKey()) + utf8Length(value.dataType());
			size += (value.binaryValue() != null) ? value.binaryValue().asByteArray().length
					: utf8Length(value.stringValue());
		}
		return size;
	}

	/**
	 * Returns a request sending the message's body with the given attributes; on a FIFO queue it keeps the message's
	 * group and deduplicates on its id, so that a copy sent twice arrives once.
	 * @param queues resolves the target queue
	 * @param queue the target queue, without prefix
	 * @param message the received message, with its system attributes
	 * @param attributes the message attributes the copy carries
	 * @return the request, ready to send
	 */
	public static SendMessageRequest to(QueueResolver queues, String queue, Message message,
			Map<String, MessageAttributeValue> attributes) {
		SendMessageRequest.Builder request = SendMessageRequest.builder()
			.queueUrl(queues.url(queue))
			.messageBody(message.body())
			.messageAttributes(attributes);
		if (queues.isFifo(queue)) {
			String group = message.attributesAsStrings().get(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString());
			request.messageGroupId((group != null) ? group : "default").messageDeduplicationId(message.messageId());
		}
		return request.build();
	}

	private static long utf8Length(@Nullable String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
	}

}
