package io.github.sqstasks.memory;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * One message to send, as a SendMessage request or a SendMessageBatch entry describes it.
 * @param body the body
 * @param attributes the message attributes
 * @param systemAttributes the message system attributes (AWSTraceHeader)
 * @param delaySeconds the per-message delay, or {@code null} for the queue's
 * @param groupId the FIFO message group id
 * @param deduplicationId the FIFO deduplication id
 */
record OutgoingMessage(@Nullable String body, Map<String, MessageAttributeValue> attributes,
		Map<String, MessageSystemAttributeValue> systemAttributes, @Nullable Integer delaySeconds,
		@Nullable String groupId, @Nullable String deduplicationId) {

	static OutgoingMessage of(SendMessageRequest request) {
		return new OutgoingMessage(request.messageBody(), request.messageAttributes(),
				request.messageSystemAttributesAsStrings(), request.delaySeconds(), request.messageGroupId(),
				request.messageDeduplicationId());
	}

	static OutgoingMessage of(SendMessageBatchRequestEntry entry) {
		return new OutgoingMessage(entry.messageBody(), entry.messageAttributes(),
				entry.messageSystemAttributesAsStrings(), entry.delaySeconds(), entry.messageGroupId(),
				entry.messageDeduplicationId());
	}

}
