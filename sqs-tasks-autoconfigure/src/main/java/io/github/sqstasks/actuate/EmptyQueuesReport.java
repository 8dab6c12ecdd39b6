package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.queues.EmptyWait;
import io.github.sqstasks.queues.QueueCounts;

/**
 * What the {@code sqstasks} endpoint answers to {@code await-empty}.
 *
 * @param empty whether every queue was empty (visible, in flight and delayed all 0) before the timeout
 * @param waited how long it waited
 * @param queues each queue's counts at the last reading, by name without prefix
 */
public record EmptyQueuesReport(boolean empty, Duration waited, Map<String, MessageCounts> queues) {

	/**
	 * Creates the report with an unmodifiable copy of the counts, in the order given.
	 */
	public EmptyQueuesReport {
		queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
	}

	static EmptyQueuesReport of(EmptyWait wait) {
		Map<String, MessageCounts> queues = new LinkedHashMap<>();
		wait.queues().forEach((queue, counts) -> queues.put(queue, counts(counts)));
		return new EmptyQueuesReport(wait.empty(), wait.waited(), queues);
	}

	private static MessageCounts counts(QueueCounts counts) {
		return new MessageCounts(counts.visible(), counts.inFlight(), counts.delayed());
	}

}
