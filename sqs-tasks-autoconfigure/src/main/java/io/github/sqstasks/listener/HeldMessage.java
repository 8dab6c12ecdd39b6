package io.github.sqstasks.listener;

import java.time.Instant;

import io.github.sqstasks.core.MessageDecoder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A received message while this instance holds it: from its receive until its delete, retry or give-back reached the
 * broker. Its heartbeat keeps it invisible all that time.
 */
final class HeldMessage {

	private Message message;

	private final VisibilityHeartbeat.Beat beat;

	private final Instant receivedAt;

	private final @Nullable String groupId;

	private int attempt;

	private @Nullable Instant retryAt;

	private boolean admitted;

	private @Nullable String deadLetterReason;

	HeldMessage(Message message, VisibilityHeartbeat.Beat beat, Instant receivedAt) {
		this.message = message;
		this.beat = beat;
		this.receivedAt = receivedAt;
		this.groupId = message.attributesAsStrings().get(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString());
		this.attempt = MessageDecoder.receiveCount(message);
	}

	Message message() {
		return this.message;
	}

	String messageId() {
		return this.message.messageId();
	}

	VisibilityHeartbeat.Beat beat() {
		return this.beat;
	}

	Instant receivedAt() {
		return this.receivedAt;
	}

	/** The message's FIFO group; {@code null} on a standard queue. */
	@Nullable String groupId() {
		return this.groupId;
	}

	/**
	 * The attempt this is: the receive count, plus the retries held here (a FIFO retry does not receive the message
	 * again, so SQS does not count it).
	 */
	int attempt() {
		return this.attempt;
	}

	/** When a FIFO message held for a retry may run again; {@code null} when it may run now. */
	@Nullable Instant retryAt() {
		return this.retryAt;
	}

	/**
	 * Holds the message for a retry here: the next attempt is the receive count SQS would give it, so that handlers,
	 * logs and the attempt limit see it as they would after a new receive.
	 */
	void holdForRetry(Instant at) {
		this.retryAt = at;
		if (this.deadLetterReason != null) {
			// waiting to be moved to the dead-letter queue: not another attempt
			return;
		}
		this.attempt++;
		java.util.Map<MessageSystemAttributeName, String> attributes = new java.util.HashMap<>(
				this.message.attributes());
		attributes.put(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(this.attempt));
		this.message = this.message.toBuilder().attributes(attributes).build();
	}

	void retryDue() {
		this.retryAt = null;
	}

	/** The reason to move it to the dead-letter queue with, when a move failed and is to be tried again. */
	@Nullable String deadLetterReason() {
		return this.deadLetterReason;
	}

	void deadLetterPending(String reason) {
		this.deadLetterReason = reason;
	}

	/** Whether the max-tasks limit already counted this message (a held retry is not counted twice). */
	boolean admitted() {
		return this.admitted;
	}

	void markAdmitted() {
		this.admitted = true;
	}

}
