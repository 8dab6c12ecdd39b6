package io.github.sqstasks.listener;

import java.time.Duration;

import io.github.sqstasks.retry.BackoffPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The effective settings of one queue: its own configuration over the defaults.
 *
 * @param queue the queue name without prefix
 * @param concurrency how many of its handlers run at once
 * @param prefetch how many more of its messages are received ahead, waiting for a free handler
 * @param pollTimeout how long a receive waits for messages (long polling, at most 20 s)
 * @param receiveBatchWindow how long the next receive waits after one that returned fewer messages than it asked for
 * @param visibilityTimeout the visibility timeout requested on receive, or {@code null} for the queue's own
 * @param deadLetterQueue the dead-letter queue's name without prefix, or {@code null}
 * @param maxReceiveCount attempts before a failing message is dead-lettered (or logged and dropped without one)
 * @param backoff the delay before each retry
 * @param deleteOnStart whether to delete each message before its handler runs (at-most-once)
 * @param maxProcessingTime how long the library keeps renewing the visibility of a message whose handler still runs
 * @param taskTimeout how long a handler may run before it is interrupted and its attempt fails, or {@code null}
 * @param maxRate the most handler starts per second in this instance, or {@code null}
 * @param batchSize the most messages one batch handler call takes
 * @param batchWindow how long a batch may wait to fill up to {@code batchSize}
 */
public record QueueSettings(String queue, int concurrency, int prefetch, Duration pollTimeout, Duration receiveBatchWindow, @Nullable Duration visibilityTimeout,
		@Nullable String deadLetterQueue, int maxReceiveCount, BackoffPolicy backoff, boolean deleteOnStart,
		Duration maxProcessingTime, @Nullable Duration taskTimeout, @Nullable Double maxRate, int batchSize,
		Duration batchWindow) {

	/**
	 * Checks the values, naming the queue when one is out of range.
	 */
	public QueueSettings {
		if (concurrency < 1) {
			throw new IllegalArgumentException("sqs-tasks queue '" + queue + "': concurrency must be at least 1");
		}
		if (prefetch < 0) {
			throw new IllegalArgumentException("sqs-tasks queue '" + queue + "': prefetch must be 0 or more");
		}
		if (receiveBatchWindow.isNegative()) {
			throw new IllegalArgumentException("sqs-tasks queue '" + queue + "': receive-batch-window must not be negative");
		}
		if (maxReceiveCount < 1) {
			throw new IllegalArgumentException("sqs-tasks queue '" + queue + "': max-receive-count must be at least 1");
		}
		if (pollTimeout.isNegative() || pollTimeout.compareTo(Duration.ofSeconds(20)) > 0) {
			throw new IllegalArgumentException("sqs-tasks queue '" + queue + "': poll-timeout must be 0-20 s");
		}
	}

	/**
	 * Creates settings without a task timeout or rate limit.
	 */
	public QueueSettings(String queue, int concurrency, int prefetch, Duration pollTimeout,
			Duration receiveBatchWindow, @Nullable Duration visibilityTimeout, @Nullable String deadLetterQueue,
			int maxReceiveCount, BackoffPolicy backoff, boolean deleteOnStart, Duration maxProcessingTime) {
		this(queue, concurrency, prefetch, pollTimeout, receiveBatchWindow, visibilityTimeout, deadLetterQueue,
				maxReceiveCount, backoff, deleteOnStart, maxProcessingTime, null, null, 10, Duration.ZERO);
	}

	/**
	 * Returns how many of the queue's messages this instance holds at most: running and prefetched.
	 * @return concurrency plus prefetch
	 */
	public int maxInFlight() {
		return this.concurrency + this.prefetch;
	}

	/**
	 * Returns the number of messages asked for in one receive.
	 * @return at most 10, SQS's limit, and at most the messages in flight
	 */
	public int messagesPerPoll() {
		return Math.min(10, maxInFlight());
	}

}
