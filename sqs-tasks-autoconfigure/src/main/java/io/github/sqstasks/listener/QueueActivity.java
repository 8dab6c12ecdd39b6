package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One queue's activity in this instance: messages in a handler's hands (from its start until its delete or retry
 * reached the broker), messages finished, and when it last did anything, on the listener's clock.
 */
final class QueueActivity {

	private static final String SENT_TIMESTAMP = MessageSystemAttributeName.SENT_TIMESTAMP.toString();

	private final Clock clock;

	private final AtomicInteger unfinished = new AtomicInteger();

	private final AtomicLong finished = new AtomicLong();

	private final AtomicLong admitted = new AtomicLong();

	private final long limit;

	/** When the queue last did anything; {@code null} until its first receive returned (a slow start is not idle). */
	private volatile @Nullable Instant lastActivity;

	private volatile boolean emptySinceActivity;

	/**
	 * @param clock the listener's clock
	 * @param limit the most messages this queue may handle here (max-tasks), {@code Long.MAX_VALUE} for no limit
	 */
	QueueActivity(Clock clock, long limit) {
		this.clock = clock;
		this.limit = limit;
	}

	/**
	 * Admits one more message, unless the queue has reached its max-tasks limit.
	 * @return {@code false} when the message must not be processed here
	 */
	boolean admit() {
		if (this.admitted.incrementAndGet() <= this.limit) {
			return true;
		}
		this.admitted.decrementAndGet();
		return false;
	}

	/** A handler takes a message. */
	void started() {
		this.unfinished.incrementAndGet();
		active();
	}

	/** The earliest {@code SentTimestamp} among the messages received since it was last read, for the age gauge. */
	private final AtomicLong oldestSent = new AtomicLong(Long.MAX_VALUE);

	/**
	 * A receive came back: empty, or with messages (their send times are kept for the age gauge).
	 */
	void received(List<Message> messages) {
		if (messages.isEmpty()) {
			emptyReceive();
			return;
		}
		active();
		long oldest = Long.MAX_VALUE;
		for (Message message : messages) {
			long sent = sentMillis(message);
			if (sent >= 0) {
				oldest = Math.min(oldest, sent);
			}
		}
		if (oldest != Long.MAX_VALUE) {
			this.oldestSent.accumulateAndGet(oldest, Math::min);
		}
	}

	/**
	 * Returns when a message was sent: its {@code SentTimestamp} (untrusted: read only when it is a plain number).
	 * @return epoch milliseconds, or -1 when missing or not a number
	 */
	static long sentMillis(Message message) {
		String sent = message.attributesAsStrings().get(SENT_TIMESTAMP);
		if (sent == null || sent.isEmpty() || sent.length() > 15) {
			return -1;
		}
		for (int i = 0; i < sent.length(); i++) {
			if (sent.charAt(i) < '0' || sent.charAt(i) > '9') {
				return -1;
			}
		}
		return Long.parseLong(sent);
	}

	/**
	 * Returns how long the oldest message received since the last call had waited in the queue, and starts over.
	 * @return its age now, or {@code null} when nothing was received
	 */
	@Nullable Duration takeOldestReceivedAge() {
		long sent = this.oldestSent.getAndSet(Long.MAX_VALUE);
		if (sent == Long.MAX_VALUE) {
			return null;
		}
		Duration age = Duration.between(Instant.ofEpochMilli(sent), this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

	/** A receive brought messages. */
	void active() {
		this.emptySinceActivity = false;
		this.lastActivity = this.clock.instant();
	}

	/** A receive came back empty: the queue had nothing for this instance. */
	void emptyReceive() {
		if (this.lastActivity == null) {
			this.lastActivity = this.clock.instant();
		}
		this.emptySinceActivity = true;
	}

	/** A message's outcome (delete, retry or dead-letter) reached the broker. */
	void finished() {
		this.unfinished.decrementAndGet();
		this.finished.incrementAndGet();
		active();
	}

	/** A started message went back to the hold (a FIFO retry held here): still this queue's, not finished. */
	void backToHold() {
		this.unfinished.decrementAndGet();
		active();
	}

	/** A started message was given back unprocessed: neither finished nor taken from the max-tasks limit. */
	void givenBack() {
		this.unfinished.decrementAndGet();
		this.admitted.decrementAndGet();
	}

	int unfinished() {
		return this.unfinished.get();
	}

	long finishedCount() {
		return this.finished.get();
	}

	/**
	 * Returns how long the queue has done nothing.
	 * @param held messages the pipeline holds, waiting for a handler
	 * @return {@code null} while it holds or handles anything
	 */
	@Nullable Duration idle(int held) {
		Instant last = this.lastActivity;
		if (last == null || this.unfinished.get() > 0 || held > 0) {
			return null;
		}
		return Duration.between(last, this.clock.instant());
	}

	/**
	 * Tells whether a receive came back empty since the queue last did anything: the queue is drained.
	 * @return {@code true} once an empty receive followed the last message
	 */
	boolean emptySinceActivity() {
		return this.emptySinceActivity;
	}

}
