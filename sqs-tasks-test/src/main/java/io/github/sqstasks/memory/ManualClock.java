package io.github.sqstasks.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.scheduling.TaskScheduler;

/**
 * A {@link Clock} that only moves when a test tells it to, and tells its listeners when it does. Its
 * {@link #scheduler() scheduler} runs tasks at instants of this clock: moving the clock runs, on the thread that moves
 * it and in time order, every task that falls due on the way, with the clock standing at each task's instant.
 */
public final class ManualClock extends Clock {

	private final List<Runnable> listeners;

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this);

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
		Instant target;
		synchronized (this) {
			target = this.now.plus(duration);
		}
		// Step through the tasks due on the way, so that each sees the time it was scheduled for.
		ManualTaskScheduler.Timer due = this.scheduler.nextDue(target);
		while (due != null) {
			synchronized (this) {
				if (due.at().isAfter(this.now)) {
					this.now = due.at();
				}
			}
			fireChanged();
			due.run();
			due = this.scheduler.nextDue(target);
		}
		synchronized (this) {
			this.now = target;
		}
		fireChanged();
	}

	/**
	 * Returns a scheduler on this clock: its tasks run when the clock is moved past their time, on the thread that
	 * moves it. This is what sqs-tasks' listener uses for every timed step when the clock is a {@code ManualClock}.
	 * @return the scheduler
	 */
	public TaskScheduler scheduler() {
		return this.scheduler;
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
