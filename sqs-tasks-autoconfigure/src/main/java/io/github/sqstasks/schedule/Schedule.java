package io.github.sqstasks.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recurring job as configured: at every tick of {@code cron} in {@code zone}, task {@code task} is enqueued on
 * {@code queue} with {@code arguments}. Checked when the application starts.
 *
 * @param id the schedule's id, unique in the application
 * @param cron Spring's six-field cron expression, seconds first
 * @param zone the time zone id the expression is read in
 * @param queue the queue name without prefix
 * @param task the task name
 * @param arguments the task's arguments
 * @param source where it was declared, for error messages: a configuration key or an annotated method
 */
public record Schedule(String id, String cron, String zone, String queue, String task, Map<String, Object> arguments,
		String source) {

	/**
	 * Creates the schedule with an unmodifiable copy of the arguments.
	 */
	public Schedule {
		arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
	}

}
