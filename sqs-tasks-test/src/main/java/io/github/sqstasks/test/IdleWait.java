package io.github.sqstasks.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.memory.QueuedMessage;

/**
 * Waits until the consumed queues hold no message that can be received now and the listener holds no unfinished one,
 * several checks in a row. A visible FIFO message behind an in-flight message of its group (a head waiting for its
 * retry) cannot be received until the clock moves, so it does not count.
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
			if (receivable(this.queues.physicalName(queue)) > 0) {
				return false;
			}
		}
		return true;
	}

	private long receivable(String queueName) {
		List<QueuedMessage> messages = this.client.messages(queueName);
		Set<String> lockedGroups = new HashSet<>();
		for (QueuedMessage message : messages) {
			if (message.groupId() != null && message.state() == MessageState.IN_FLIGHT) {
				lockedGroups.add(message.groupId());
			}
		}
		return messages.stream()
			.filter(InMemorySqs::busy)
			.filter((message) -> message.groupId() == null || !lockedGroups.contains(message.groupId()))
			.count();
	}

	private String describe() {
		List<String> visible = this.containers.consumedQueues()
			.stream()
			.map((queue) -> queue + "=" + receivable(this.queues.physicalName(queue)))
			.toList();
		return "receivable " + visible + ", unfinished in the listener " + this.containers.unfinishedMessages();
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
