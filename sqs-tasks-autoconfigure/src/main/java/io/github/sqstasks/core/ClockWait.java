package io.github.sqstasks.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until an injected {@link Clock} shows a given instant. It waits in slices of real time no longer than a
 * bound and looks at the clock after each, so that a clock that jumps (or a test clock that is moved) is noticed
 * within one slice; {@link #wakeUp()} ends a wait at once.
 */
public final class ClockWait {

	private final Clock clock;

	private final long maxSliceMillis;

	private final Object monitor = new Object();

	private boolean woken;

	/**
	 * Creates the wait.
	 * @param clock the time source
	 * @param maxSlice the longest stretch of real time between two looks at the clock, at least 1 ms
	 */
	public ClockWait(Clock clock, Duration maxSlice) {
		this.clock = clock;
		this.maxSliceMillis = Math.max(1, maxSlice.toMillis());
	}

	/**
	 * Returns the clock this wait reads.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Waits until the clock shows {@code instant} or later, or {@link #wakeUp()} is called (also when it was called
	 * since the last wait ended, so that a wake-up between two waits is not lost).
	 * @param instant when to stop waiting
	 * @throws InterruptedException when the thread is interrupted
	 */
	public void until(Instant instant) throws InterruptedException {
		synchronized (this.monitor) {
			while (!this.woken) {
				long remaining = Duration.between(this.clock.instant(), instant).toMillis();
				if (remaining <= 0) {
					return;
				}
				this.monitor.wait(Math.min(remaining, this.maxSliceMillis));
			}
			this.woken = false;
		}
	}

	/**
	 * Ends the current wait, if any, for example because the clock was moved or there is new work.
	 */
	public void wakeUp() {
		synchronized (this.monitor) {
			this.woken = true;
			this.monitor.notifyAll();
		}
	}

}
