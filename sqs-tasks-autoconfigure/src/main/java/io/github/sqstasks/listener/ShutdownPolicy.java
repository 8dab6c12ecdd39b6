package io.github.sqstasks.listener;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a queue's listener should stop by itself: after being idle for a while, after a number of tasks, or when
 * either (or both) of these holds.
 *
 * @param idle stop after the queue has had nothing to do for this long, or {@code null}
 * @param maxTasks stop after this many messages were handled, or {@code null}
 * @param requireAll {@code true}: stop only when every set condition holds; {@code false}: when any does
 */
public record ShutdownPolicy(@Nullable Duration idle, @Nullable Long maxTasks, boolean requireAll)
		implements QueueShutdownPolicy {

	/**
	 * Tells whether any condition is set.
	 * @return {@code false} for a worker that runs until the application stops
	 */
	public boolean isActive() {
		return this.idle != null || this.maxTasks != null;
	}

	/**
	 * Tells whether a queue met this policy. An {@code idle} of zero means "as soon as the queue is empty": idle,
	 * and a receive came back empty after its last message.
	 */
	@Override
	public boolean shouldStop(QueueState queue) {
		Duration idleFor = queue.idleFor();
		Boolean idleMet = (this.idle == null) ? null
				: idleFor != null && (this.idle.isZero() ? queue.drained() : idleFor.compareTo(this.idle) >= 0);
		Boolean tasksMet = (this.maxTasks != null) ? queue.finished() >= this.maxTasks : null;
		if (idleMet == null) {
			return Boolean.TRUE.equals(tasksMet);
		}
		if (tasksMet == null) {
			return idleMet;
		}
		return this.requireAll ? (idleMet && tasksMet) : (idleMet || tasksMet);
	}

}
