package io.github.sqstasks.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.SimpleTriggerContext;

/**
 * The {@link TaskScheduler} of a {@link ManualClock}: tasks wait in time order and run when the clock is moved past
 * their instant, on the moving thread. A task due now runs at the next move (even by zero).
 */
final class ManualTaskScheduler implements TaskScheduler {

	private final ManualClock clock;

	private final PriorityQueue<Timer> timers = new PriorityQueue<>();

	private final AtomicLong sequence = new AtomicLong();

	ManualTaskScheduler(ManualClock clock) {
		this.clock = clock;
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Removes and returns the earliest task due at or before an instant.
	 */
	synchronized @Nullable Timer nextDue(Instant until) {
		Timer next = this.timers.peek();
		while (next != null && next.cancelled) {
			this.timers.poll();
			next = this.timers.peek();
		}
		if (next == null || next.at.isAfter(until)) {
			return null;
		}
		return this.timers.poll();
	}

	private synchronized Timer add(Timer timer) {
		this.timers.add(timer);
		return timer;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return add(new Timer(this, task, startTime, null, false));
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		SimpleTriggerContext context = new SimpleTriggerContext(this.clock);
		Instant first = trigger.nextExecution(context);
		return (first != null) ? schedule(new TriggerTask(this, task, trigger, context), first) : null;
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return add(new Timer(this, task, startTime, positive(period), true));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return scheduleAtFixedRate(task, this.clock.instant(), period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return add(new Timer(this, task, startTime, positive(delay), false));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return scheduleWithFixedDelay(task, this.clock.instant(), delay);
	}

	private static Duration positive(Duration period) {
		if (period.isZero() || period.isNegative()) {
			throw new IllegalArgumentException("A repeating task needs a positive period, not " + period);
		}
		return period;
	}

	/**
	 * A task waiting for its instant; a repeating one is put back after each run.
	 */
	static final class Timer implements ScheduledFuture<Object> {

		private final ManualTaskScheduler owner;

		private final Runnable task;

		private final @Nullable Duration period;

		private final boolean fixedRate;

		private final long order;

		private volatile Instant at;

		private volatile boolean cancelled;

		private volatile boolean done;

		Timer(ManualTaskScheduler owner, Runnable task, Instant at, @Nullable Duration period, boolean fixedRate) {
			this.owner = owner;
			this.task = task;
			this.at = at;
			this.period = period;
			this.fixedRate = fixedRate;
			this.order = owner.sequence.incrementAndGet();
		}

		Instant at() {
			return this.at;
		}

		void run() {
			if (this.cancelled) {
				return;
			}
			try {
				this.task.run();
			}
			finally {
				if (this.period == null) {
					this.done = true;
				}
				else if (!this.cancelled) {
					this.at = (this.fixedRate ? this.at : this.owner.clock.instant()).plus(this.period);
					this.owner.add(this);
				}
			}
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean wasActive = !this.cancelled && !this.done;
			this.cancelled = true;
			synchronized (this.owner) {
				this.owner.timers.remove(this);
			}
			return wasActive;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException("A task on a manual clock has no result to wait for");
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException("A task on a manual clock has no result to wait for");
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(this.owner.clock.instant(), this.at));
		}

		@Override
		public int compareTo(Delayed other) {
			if (other instanceof Timer timer) {
				int byTime = this.at.compareTo(timer.at);
				return (byTime != 0) ? byTime : Long.compare(this.order, timer.order);
			}
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

	}

	/**
	 * Runs a task at the instants a trigger gives, one after the other.
	 */
	private static final class TriggerTask implements Runnable {

		private final ManualTaskScheduler owner;

		private final Runnable task;

		private final Trigger trigger;

		private final SimpleTriggerContext context;

		TriggerTask(ManualTaskScheduler owner, Runnable task, Trigger trigger, SimpleTriggerContext context) {
			this.owner = owner;
			this.task = task;
			this.trigger = trigger;
			this.context = context;
		}

		@Override
		public void run() {
			Instant scheduled = this.owner.clock.instant();
			this.task.run();
			Instant now = this.owner.clock.instant();
			this.context.update(scheduled, scheduled, now);
			Instant next = this.trigger.nextExecution(this.context);
			if (next != null) {
				this.owner.schedule(this, next);
			}
		}

	}

}
