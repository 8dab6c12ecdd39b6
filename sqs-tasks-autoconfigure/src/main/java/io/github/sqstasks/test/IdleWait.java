package io.github.sqstasks.test;

import java.time.Duration;
import java.util.List;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;

/**
 * Waits until the consumed queues hold no visible message and the listener holds no unfinished one, several checks in
 * a row (a message between the receive and its handler is counted by neither for a moment).
 */
final class IdleWait {

	private static final int STABLE_CHECKS = 4;

	private static final long CHECK_MILLIS = 50;

	private final InMemorySqsAsyncClient client;

	private final QueueResolver queues;

	private final TaskListenerContainers containers;

	IdleWait(InMemorySqsAsyncClient client, QueueResolver queues, TaskListenerContainers containers) {
		this.client = client;
		this.queues = queues;
		this.containers = containers;
	}

	void await(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int stable = 0;
		while (stable < STABLE_CHECKS) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Queues still busy after " + timeout + ": " + describe());
			}
			stable = idle() ? stable + 1 : 0;
			pause();
		}
	}

	private boolean idle() {
		if (this.containers.unfinishedMessages() > 0) {
			return false;
		}
		for (String queue : this.containers.consumedQueues()) {
			if (this.client.messages(this.queues.physicalName(queue)).stream().anyMatch(InMemorySqs::busy)) {
				return false;
			}
		}
		return true;
	}

	private String describe() {
		List<String> visible = this.containers.consumedQueues()
			.stream()
			.map((queue) -> queue + "=" + this.client.messages(this.queues.physicalName(queue)).stream()
				.filter(InMemorySqs::busy)
				.count())
			.toList();
		return "visible " + visible + ", unfinished in the listener " + this.containers.unfinishedMessages();
	}

	private static void pause() {
		try {
			Thread.sleep(CHECK_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the queues to be idle", ex);
		}
	}

}
