package io.github.sqstasks.listener;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When a queue's listener stops by itself, checked ten times a second of {@code sqsTasksClock}. A bean of this type
 * replaces {@code sqs-tasks.listener.shutdown-policy.idle} and {@code max-tasks}; when every queue's listener has
 * stopped, {@link WorkerFinishedEvent} is published (and with {@code shutdown-policy.exit}, the application exits).
 *
 * <pre>{@code
 * @Bean
 * QueueShutdownPolicy stopAtSix(Clock sqsTasksClock) {
 *     return (queue) -> queue.drained() || queue.now().atZone(ZoneId.of("Europe/Berlin")).getHour() >= 18;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface QueueShutdownPolicy {

	/**
	 * Tells whether a queue's listener should stop receiving (it then finishes what it holds).
	 * @param queue what the queue's listener has done so far
	 * @return {@code true} to stop it
	 */
	boolean shouldStop(QueueState queue);

	/**
	 * What a queue's listener has done so far in this instance.
	 *
	 * @param queue the queue name without prefix
	 * @param idleFor how long it has had nothing to do; {@code null} while it holds or handles messages, and before
	 * its first receive returned
	 * @param drained whether a receive came back empty since its last message (the queue was empty)
	 * @param finished messages finished (deleted, retried or dead-lettered) since it started
	 * @param inHand messages it holds or handles now
	 * @param now the time on {@code sqsTasksClock}
	 */
	record QueueState(String queue, @Nullable Duration idleFor, boolean drained, long finished, int inHand,
			Instant now) {
	}

}
