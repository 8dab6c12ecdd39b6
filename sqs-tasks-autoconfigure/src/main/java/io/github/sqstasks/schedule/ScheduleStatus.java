package io.github.sqstasks.schedule;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A schedule as this instance runs it: what it enqueues, its next tick and the last tick this instance enqueued.
 *
 * @param id the schedule's id
 * @param cron the cron expression
 * @param zone the time zone id
 * @param queue the queue name without prefix
 * @param task the task name
 * @param relayed whether ticks go through the FIFO tick queue (the target is a standard queue)
 * @param nextTick the next tick's time, or {@code null} when the expression has no further tick or the schedules are
 * stopped
 * @param lastTick the last tick this instance enqueued (SQS keeps one job per tick, whichever instance sends it
 * first), or {@code null} when none yet
 * @param lastEnqueuedAt when SQS accepted it from this instance, or {@code null}
 * @param lastError why the last attempt to enqueue a tick failed, or {@code null} when it did not
 */
public record ScheduleStatus(String id, String cron, String zone, String queue, String task, boolean relayed,
		@Nullable Instant nextTick, @Nullable Instant lastTick, @Nullable Instant lastEnqueuedAt,
		@Nullable String lastError) {
}
