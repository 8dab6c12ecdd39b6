package io.github.sqstasks.actuate;

import java.time.Instant;

import io.github.sqstasks.schedule.ScheduleStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code sqstasks} endpoint shows of one schedule, as this instance runs it.
 *
 * @param cron the cron expression
 * @param zone the time zone id
 * @param queue the queue name without prefix
 * @param task the task name
 * @param relayed whether ticks go through the tick queue {@code sqs-tasks-ticks.fifo} (the target is a standard queue)
 * @param nextTick when the next tick is due, or {@code null} when there is none or schedules are stopped
 * @param lastTick the last tick this instance enqueued, or {@code null} when none yet
 * @param lastEnqueuedAt when SQS accepted it from this instance, or {@code null}
 * @param lastError why the last attempt to enqueue a tick failed, or {@code null}
 */
public record ScheduleReport(String cron, String zone, String queue, String task, boolean relayed,
		@Nullable Instant nextTick, @Nullable Instant lastTick, @Nullable Instant lastEnqueuedAt,
		@Nullable String lastError) {

	static ScheduleReport of(ScheduleStatus status) {
		return new ScheduleReport(status.cron(), status.zone(), status.queue(), status.task(), status.relayed(),
				status.nextTick(), status.lastTick(), status.lastEnqueuedAt(), status.lastError());
	}

}
