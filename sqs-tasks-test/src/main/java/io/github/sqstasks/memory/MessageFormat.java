package io.github.sqstasks.memory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Turns a stored message into the SDK's {@link Message}, with only the attributes a receive asked for.
 */
final class MessageFormat {

	/** SQS reports the sender's account or role id; there is only one sender here. */
	static final String SENDER_ID = "AIDAINMEMORYSQS000000";

	private MessageFormat() {
	}

	static Message toSdk(StoredMessage message, ReceiveParams params) {
		Map<String, MessageAttributeValue> attributes = selectAttributes(message, params);
		String md5 = attributes.size() == message.attributes.size() ? message.md5OfAttributes
				: Digests.md5OfAttributes(attributes);
		return Message.builder()
			.messageId(message.id)
			.receiptHandle(message.receiptHandle)
			.body(message.body)
			.md5OfBody(message.md5OfBody)
			.messageAttributes(attributes.isEmpty() ? null : attributes)
			.md5OfMessageAttributes(attributes.isEmpty() ? null : md5)
			.attributesWithStrings(systemAttributes(message, params))
			.build();
	}

	private static Map<String, MessageAttributeValue> selectAttributes(StoredMessage message, ReceiveParams params) {
		if (message.attributes.isEmpty() || params.messageAttributeNames().isEmpty()) {
			return Map.of();
		}
		Map<String, MessageAttributeValue> selected = new LinkedHashMap<>();
		message.attributes.forEach((name, value) -> {
			if (params.wantsMessageAttribute(name)) {
				selected.put(name, value);
			}
		});
		return selected;
	}

	private static Map<String, String> systemAttributes(StoredMessage message, ReceiveParams params) {
		Map<String, String> all = new LinkedHashMap<>();
		put(all, params, "SenderId", SENDER_ID);
		put(all, params, "SentTimestamp", Long.toString(message.sentTimestamp));
		put(all, params, "ApproximateReceiveCount", Integer.toString(message.receiveCount));
		put(all, params, "ApproximateFirstReceiveTimestamp", Long.toString(message.firstReceiveTimestamp));
		put(all, params, "MessageGroupId", message.groupId);
		put(all, params, "MessageDeduplicationId", message.deduplicationId);
		put(all, params, "SequenceNumber", message.sequenceNumber);
		put(all, params, "DeadLetterQueueSourceArn", message.deadLetterSourceArn);
		if (message.systemAttributes.containsKey("AWSTraceHeader")) {
			put(all, params, "AWSTraceHeader", message.systemAttributes.get("AWSTraceHeader").stringValue());
		}
		return all;
	}

	private static void put(Map<String, String> target, ReceiveParams params, String name, @Nullable String value) {
		if (value != null && params.wantsSystemAttribute(name)) {
			target.put(name, value);
		}
	}

}
