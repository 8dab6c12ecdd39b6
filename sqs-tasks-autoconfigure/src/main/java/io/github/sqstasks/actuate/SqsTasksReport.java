package io.github.sqstasks.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code sqstasks} endpoint shows: every queue the application knows, and this instance's work in progress.
 *
 * @param unfinishedMessages messages this instance has received and not finished with
 * @param queues each queue by its name without prefix
 */
public record SqsTasksReport(int unfinishedMessages, Map<String, QueueReport> queues) {

	/**
	 * Creates the report with an unmodifiable copy of the queues, in the order given.
	 */
	public SqsTasksReport {
		queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
	}

}
