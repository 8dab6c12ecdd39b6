package io.github.sqstasks.listener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts messages this instance holds: being handled, or handled and waiting for their delete or visibility change
 * to reach the broker. Zero means nothing received is unfinished.
 */
final class Activity {

	private final AtomicInteger held = new AtomicInteger();

	void acquire() {
		this.held.incrementAndGet();
	}

	void release() {
		this.held.decrementAndGet();
	}

	int held() {
		return this.held.get();
	}

}
