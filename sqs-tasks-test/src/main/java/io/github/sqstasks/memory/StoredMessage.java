package io.github.sqstasks.memory;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;

/**
 * A message held by one queue: its immutable content and its mutable delivery state, guarded by the queue's lock.
 */
final class StoredMessage {

	final String id;

	final String body;

	final String md5OfBody;

	final Map<String, MessageAttributeValue> attributes;

	final @Nullable String md5OfAttributes;

	final Map<String, MessageSystemAttributeValue> systemAttributes;

	final long sentTimestamp;

	final @Nullable String groupId;

	final @Nullable String deduplicationId;

	final @Nullable String sequenceNumber;

	final @Nullable String deadLetterSourceArn;

	/** Position in the queue; orders messages that become visible at the same time. */
	final long position;

	int receiveCount;

	long firstReceiveTimestamp;

	long lastReceiveTimestamp;

	long visibleAt;

	@Nullable String receiptHandle;

	StoredMessage(Content content, long sentTimestamp, @Nullable String sequenceNumber,
			@Nullable String deadLetterSourceArn, long position) {
		this.id = content.id();
		this.body = content.body();
		this.md5OfBody = content.md5OfBody();
		this.attributes = content.attributes();
		this.md5OfAttributes = content.md5OfAttributes();
		this.systemAttributes = content.systemAttributes();
		this.groupId = content.groupId();
		this.deduplicationId = content.deduplicationId();
		this.sentTimestamp = sentTimestamp;
		this.sequenceNumber = sequenceNumber;
		this.deadLetterSourceArn = deadLetterSourceArn;
		this.position = position;
	}

	Content content() {
		return new Content(this.id, this.body, this.md5OfBody, this.attributes, this.md5OfAttributes,
				this.systemAttributes, this.groupId, this.deduplicationId);
	}

	boolean inFlight(long now) {
		return this.receiveCount > 0 && this.visibleAt > now && this.receiptHandle != null;
	}

	MessageState state(long now) {
		if (this.visibleAt <= now) {
			return MessageState.VISIBLE;
		}
		return inFlight(now) ? MessageState.IN_FLIGHT : MessageState.DELAYED;
	}

	/**
	 * What a message carries from queue to queue when it is dead-lettered or moved.
	 * @param id the message id
	 * @param body the body
	 * @param md5OfBody the MD5 of the body
	 * @param attributes the message attributes
	 * @param md5OfAttributes the MD5 of the message attributes, or {@code null} without attributes
	 * @param systemAttributes the system attributes set by the sender (AWSTraceHeader)
	 * @param groupId the FIFO message group id, if any
	 * @param deduplicationId the FIFO deduplication id, if any
	 */
	record Content(String id, String body, String md5OfBody, Map<String, MessageAttributeValue> attributes,
			@Nullable String md5OfAttributes, Map<String, MessageSystemAttributeValue> systemAttributes,
			@Nullable String groupId, @Nullable String deduplicationId) {
	}

}
