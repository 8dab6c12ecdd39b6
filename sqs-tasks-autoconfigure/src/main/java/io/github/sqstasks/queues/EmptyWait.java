package io.github.sqstasks.queues;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a wait for empty queues ended.
 *
 * @param empty whether every queue was empty (visible, in flight and delayed all 0) in two readings in a row
 * @param waited how long the wait took, on the {@code sqsTasksClock}
 * @param queues each queue's counts at the last reading, by name without prefix
 */
public record EmptyWait(boolean empty, Duration waited, Map<String, QueueCounts> queues) {

	/**
	 * Creates the result with an unmodifiable copy of the counts, in the order given.
	 */
	public EmptyWait {
		queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
	}

}
