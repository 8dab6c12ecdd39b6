package io.github.sqstasks.memory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Remembers the FIFO deduplication ids of the last five minutes, with the message each one was accepted as.
 */
final class Deduplication {

	private final Map<String, Accepted> accepted = new LinkedHashMap<>();

	@Nullable Accepted find(String deduplicationId, long now) {
		expire(now);
		return this.accepted.get(deduplicationId);
	}

	void remember(String deduplicationId, String messageId, @Nullable String sequenceNumber, long now) {
		this.accepted.put(deduplicationId,
				new Accepted(messageId, sequenceNumber, now + Limits.DEDUPLICATION_WINDOW_MILLIS));
	}

	private void expire(long now) {
		// Insertion order is expiry order, so only the oldest entries need looking at.
		Iterator<Accepted> entries = this.accepted.values().iterator();
		while (entries.hasNext() && entries.next().expiresAt() <= now) {
			entries.remove();
		}
	}

	/**
	 * A message accepted under a deduplication id.
	 * @param messageId its message id
	 * @param sequenceNumber its sequence number
	 * @param expiresAt when a message with the same deduplication id is accepted again
	 */
	record Accepted(String messageId, @Nullable String sequenceNumber, long expiresAt) {
	}

}
