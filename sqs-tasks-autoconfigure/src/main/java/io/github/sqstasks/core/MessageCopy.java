package io.github.sqstasks.core;

import java.util.Map;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Builds the request that sends a received message again, to another queue (a dead-letter queue, or back from one).
 */
public final class MessageCopy {

	private MessageCopy() {
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
			String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
			request.messageGroupId((group != null) ? group : "default").messageDeduplicationId(message.messageId());
		}
		return request.build();
	}

}
