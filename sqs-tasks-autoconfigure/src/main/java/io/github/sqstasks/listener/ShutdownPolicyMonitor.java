package io.github.sqstasks.listener;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;

/**
 * Checks each container against the shutdown policy a few times a second, stops those whose queue met it, and says
 * so once every container has stopped.
 */
final class ShutdownPolicyMonitor implements AutoCloseable {

	private static final long CHECK_MILLIS = 100;

	private final ShutdownPolicy policy;

	private final Map<SqsMessageListenerContainer<Object>, QueueActivity> activities;

	private final Runnable allStopped;

	private final Set<SqsMessageListenerContainer<Object>> stopped = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "sqs-tasks-shutdown-policy");
		thread.setDaemon(true);
		return thread;
	});

	ShutdownPolicyMonitor(ShutdownPolicy policy, Map<SqsMessageListenerContainer<Object>, QueueActivity> activities,
			Runnable allStopped) {
		this.policy = policy;
		this.activities = activities;
		this.allStopped = allStopped;
		this.timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void check() {
		this.activities.forEach((container, activity) -> {
			if (!this.stopped.contains(container) && this.policy.isMet(activity)) {
				this.stopped.add(container);
				container.stop();
			}
		});
		if (this.stopped.size() == this.activities.size()) {
			this.timer.shutdown();
			this.allStopped.run();
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
