package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;

/**
 * Checks the queues' listeners against the shutdown policy ten times a second of the listener's clock, stops the
 * receiving of each queue that met it, and says so once all have stopped and finished what they held.
 */
final class ShutdownPolicyCheck {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownPolicyCheck.class);

	private static final Duration PERIOD = Duration.ofMillis(100);

	private final QueueShutdownPolicy policy;

	private final Map<String, QueuePipeline> pipelines;

	private final Runnable allStopped;

	private final Set<String> stopped = new HashSet<>();

	private final ScheduledFuture<?> checks;

	private boolean done;

	/**
	 * Starts checking.
	 * @param allStopped run once, when every queue stopped by the policy has nothing left in hand
	 */
	ShutdownPolicyCheck(QueueShutdownPolicy policy, Map<String, QueuePipeline> pipelines, TaskScheduler scheduler,
			Runnable allStopped) {
		this.policy = policy;
		this.pipelines = pipelines;
		this.allStopped = allStopped;
		this.checks = scheduler.scheduleWithFixedDelay(this::check, scheduler.getClock().instant().plus(PERIOD),
				PERIOD);
	}

	private synchronized void check() {
		if (this.done) {
			return;
		}
		this.pipelines.forEach((queue, pipeline) -> {
			if (!this.stopped.contains(queue) && this.policy.shouldStop(pipeline.state())) {
				this.stopped.add(queue);
				pipeline.stopReceiving();
			}
		});
		if (this.stopped.size() == this.pipelines.size()
				&& this.pipelines.values().stream().allMatch((pipeline) -> pipeline.unfinished() == 0)) {
			this.done = true;
			this.checks.cancel(false);
			logger.info("Every sqs-tasks queue listener stopped by its shutdown policy");
			this.allStopped.run();
		}
	}

	void cancel() {
		this.checks.cancel(false);
	}

}
