package io.github.sqstasks.memory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What every queue of one client shares: the clock, the threads that end long polls, and the way to other queues.
 * @param clock the time source for visibility, delays and timestamps
 * @param realTime whether the clock follows real time, so that waiting for it is worthwhile
 * @param scheduler ends long polls and wakes them when messages become visible
 * @param completions completes long polls off the thread that made a message available, as the SDK's own threads do
 * @param queuesByArn finds a queue by ARN (dead-letter targets), or returns {@code null}
 */
record QueueEnvironment(Clock clock, boolean realTime, ScheduledExecutorService scheduler, Executor completions,
		Function<String, @Nullable MemoryQueue> queuesByArn) {
}
