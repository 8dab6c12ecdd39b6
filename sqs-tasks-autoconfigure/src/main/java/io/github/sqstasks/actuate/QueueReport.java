package io.github.sqstasks.actuate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.sqstasks.listener.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code sqstasks} endpoint shows of one queue.
 *
 * @param name the queue's SQS name, with prefix
 * @param handlers this application's handlers of the queue, empty for a queue that is only configured
 * @param consumed whether this instance listens on the queue
 * @param messages the approximate counts SQS reports, or {@code null} when it could not be asked
 * @param error why the counts are missing, or {@code null}
 * @param deadLetterQueue its dead-letter queue, or {@code null} when it has none
 * @param counters this instance's handled messages since it started, by task and outcome
 */
public record QueueReport(String name, List<Handler> handlers, boolean consumed, @Nullable MessageCounts messages,
		@Nullable String error, @Nullable DeadLetterQueue deadLetterQueue,
		Map<String, Map<TaskOutcome, Long>> counters) {

	/**
	 * Creates the report with unmodifiable copies of the collections, counters sorted by task.
	 */
	public QueueReport {
		handlers = List.copyOf(handlers);
		counters = Collections.unmodifiableMap(new TreeMap<>(counters));
	}

	/**
	 * One handler of the queue.
	 *
	 * @param task the task name ({@code JobName}); for a raw handler the queue's name
	 * @param raw whether it receives bodies as-is ({@code @SqsRawTask})
	 * @param batch whether it receives messages in batches
	 * @param method the handler method, like {@code com.example.EmailTasks#sendEmail(String, String)}
	 */
	public record Handler(String task, boolean raw, boolean batch, String method) {
	}

	/**
	 * The dead-letter queue of the queue.
	 *
	 * @param queue its name without prefix
	 * @param name its SQS name, with prefix
	 * @param depth the messages waiting in it (visible), or {@code null} when it could not be asked
	 * @param error why the depth is missing, or {@code null}
	 */
	public record DeadLetterQueue(String queue, String name, @Nullable Long depth, @Nullable String error) {
	}

}
