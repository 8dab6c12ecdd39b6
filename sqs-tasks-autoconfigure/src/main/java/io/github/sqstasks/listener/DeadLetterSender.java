package io.github.sqstasks.listener;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Copies a failed message to a dead-letter queue with the reason it failed.
 *
 * <p>SQS's own redrive keeps no reason, so the library moves messages itself when it gives up on them; the reason
 * goes in one extra attribute, and only when the message has fewer than SQS's 10 attributes.
 */
final class DeadLetterSender {

	private static final int MAX_ATTRIBUTES = 10;

	private static final int MAX_REASON_LENGTH = 1024;

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	DeadLetterSender(SqsAsyncClient sqs, QueueResolver queues) {
		this.sqs = sqs;
		this.queues = queues;
	}

	void send(String deadLetterQueue, Message message, String reason) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
		if (attributes.size() < MAX_ATTRIBUTES || attributes.containsKey(WireFormat.FAILURE_REASON)) {
			String text = (reason.length() > MAX_REASON_LENGTH) ? reason.substring(0, MAX_REASON_LENGTH) : reason;
			attributes.put(WireFormat.FAILURE_REASON,
					MessageAttributeValue.builder().dataType("String").stringValue(text).build());
		}
		this.sqs.sendMessage(MessageCopy.to(this.queues, deadLetterQueue, message, attributes)).join();
	}

}
