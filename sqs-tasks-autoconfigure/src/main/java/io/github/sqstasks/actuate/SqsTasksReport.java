package io.github.sqstasks.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code sqstasks} endpoint shows: every queue the application knows, its schedules, and this instance's
 * work in progress.
 *
 * @param unfinishedMessages messages this instance has received and not finished with
 * @param queues each queue by its name without prefix
 * @param schedules each schedule by its id, with its next and last tick
 */
public record SqsTasksReport(int unfinishedMessages, Map<String, QueueReport> queues,
		Map<String, ScheduleReport> schedules) {

	/**
	 * Creates the report with unmodifiable copies of the queues and schedules, in the order given.
	 */
	public SqsTasksReport {
		queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
		schedules = Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
	}

	/**
	 * Creates the report of an application without schedules.
	 * @param unfinishedMessages messages this instance has received and not finished with
	 * @param queues each queue by its name without prefix
	 */
	public SqsTasksReport(int unfinishedMessages, Map<String, QueueReport> queues) {
		this(unfinishedMessages, queues, Map.of());
	}

}
