package io.github.sqstasks.schedule;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of one schedule in this instance: its next tick and what it last enqueued.
 */
final class ScheduleState {

	final ScheduledTask task;

	volatile @Nullable Instant next;

	private volatile @Nullable Instant lastTick;

	private volatile @Nullable Instant lastEnqueuedAt;

	volatile @Nullable String lastError;

	ScheduleState(ScheduledTask task) {
		this.task = task;
	}

	/**
	 * Starts with the latest tick of the last {@link ScheduleRunner#MAX_LATENESS}, if any, else the first one after now.
	 */
	void startAt(Instant now) {
		Instant candidate = this.task.nextAfter(now.minus(ScheduleRunner.MAX_LATENESS));
		Instant latestDue = null;
		while (candidate != null && !candidate.isAfter(now)) {
			latestDue = candidate;
			candidate = this.task.nextAfter(candidate);
		}
		this.next = (latestDue != null) ? latestDue : candidate;
	}

	void sent(Instant tick, Instant at) {
		this.lastTick = tick;
		this.lastEnqueuedAt = at;
		this.lastError = null;
	}

	ScheduleStatus status() {
		Schedule schedule = this.task.schedule();
		return new ScheduleStatus(schedule.id(), schedule.cron(), schedule.zone(), schedule.queue(),
				schedule.task(), this.task.relayed(), this.next, this.lastTick, this.lastEnqueuedAt,
				this.lastError);
	}

}
