package io.github.sqstasks.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Clock} that only moves when a test tells it to, and tells its listeners when it does.
 */
public final class ManualClock extends Clock {

	private final List<Runnable> listeners;

	private final ZoneId zone;

	private volatile Instant now;

	/**
	 * Creates a clock standing at the given instant, in UTC.
	 * @param start the instant the clock shows until it is moved
	 */
	public ManualClock(Instant start) {
		this(start, ZoneOffset.UTC, new CopyOnWriteArrayList<>());
	}

	/**
	 * Creates a clock standing at the current system time, in UTC.
	 */
	public ManualClock() {
		this(Instant.now());
	}

	private ManualClock(Instant start, ZoneId zone, List<Runnable> listeners) {
		this.now = start;
		this.zone = zone;
		this.listeners = listeners;
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far to move; must not be negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A clock cannot be advanced by a negative duration: " + duration);
		}
		synchronized (this) {
			this.now = this.now.plus(duration);
		}
		fireChanged();
	}

	/**
	 * Sets the clock to the given instant, which may be earlier than the current one.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		this.now = instant;
		fireChanged();
	}

	/**
	 * Registers a callback run, on the thread that moved the clock, after every move.
	 * @param listener the callback
	 */
	public void addListener(Runnable listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a callback registered with {@link #addListener(Runnable)}.
	 * @param listener the callback
	 */
	public void removeListener(Runnable listener) {
		this.listeners.remove(listener);
	}

	private void fireChanged() {
		for (Runnable listener : this.listeners) {
			listener.run();
		}
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// The copy shares time and listeners so that moving either moves both.
		return new ZoneView(this, zone);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public long millis() {
		return this.now.toEpochMilli();
	}

	@Override
	public String toString() {
		return "ManualClock[" + this.now + "]";
	}

	private static final class ZoneView extends Clock {

		private final ManualClock source;

		private final ZoneId zone;

		ZoneView(ManualClock source, ZoneId zone) {
			this.source = source;
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new ZoneView(this.source, zone);
		}

		@Override
		public Instant instant() {
			return this.source.instant();
		}

	}

}
