package io.github.sqstasks.listener;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue's activity in this instance: messages unfinished, messages finished, and when it last did anything.
 */
final class QueueActivity {

	private final AtomicInteger unfinished = new AtomicInteger();

	private final AtomicLong finished = new AtomicLong();

	private volatile long lastActivityNanos = System.nanoTime();

	private final AtomicLong admitted = new AtomicLong();

	private final long limit;

	QueueActivity(long limit) {
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

	void started() {
		this.unfinished.incrementAndGet();
		this.lastActivityNanos = System.nanoTime();
	}

	void finished() {
		this.unfinished.decrementAndGet();
		this.finished.incrementAndGet();
		this.lastActivityNanos = System.nanoTime();
	}

	/**
	 * Counts a started message that was given back unprocessed: neither finished nor taken from the max-tasks limit.
	 */
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

	long idleNanos() {
		return (this.unfinished.get() > 0) ? 0 : System.nanoTime() - this.lastActivityNanos;
	}

}
