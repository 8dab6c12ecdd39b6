package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Instant;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Timed steps of a pipeline's stages: at an instant of the listener's clock, a change to the stage's state (under the
 * pipeline's lock) and then a dispatch. The change itself ends the wait, rather than a later look at the clock, so
 * that a clock that does not move (a test's fixed clock) delays nothing forever.
 */
final class WakeUps {

	private final TaskScheduler scheduler;

	private final Object lock;

	private final Runnable dispatch;

	WakeUps(TaskScheduler scheduler, Object lock, Runnable dispatch) {
		this.scheduler = scheduler;
		this.lock = lock;
		this.dispatch = dispatch;
	}

	/**
	 * Creates the listener's own scheduler on a clock: one thread. Not a bean: it must outlive the context's lifecycle
	 * stop phase, in which the listener still deletes. Not a daemon: while the listener runs, its thread keeps a
	 * worker without a web server alive (as a listener container's threads do), and the listener's stop ends it.
	 * @param clock the clock ({@code sqsTasksClock})
	 * @return the initialized scheduler
	 */
	static ThreadPoolTaskScheduler ownScheduler(Clock clock) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setClock(clock);
		scheduler.setThreadNamePrefix("sqs-tasks-timer-");
		scheduler.setDaemon(false);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setAcceptTasksAfterContextClose(true);
		scheduler.initialize();
		return scheduler;
	}

	/**
	 * Applies a change at an instant, then dispatches.
	 * @param at when
	 * @param change what changes, run under the pipeline's lock
	 */
	void at(Instant at, Runnable change) {
		this.scheduler.schedule(() -> {
			synchronized (this.lock) {
				change.run();
			}
			this.dispatch.run();
		}, at);
	}

}
