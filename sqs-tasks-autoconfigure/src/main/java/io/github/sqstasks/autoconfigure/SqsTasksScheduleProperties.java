package io.github.sqstasks.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of recurring jobs, under {@code sqs-tasks.schedules}.
 */
@ConfigurationProperties("sqs-tasks")
public class SqsTasksScheduleProperties {

	/**
	 * Recurring jobs, keyed by schedule id (letters, digits, '.', '_' and '-'): each tick is enqueued once, whatever
	 * the number of running instances.
	 */
	private final Map<String, Schedule> schedules = new LinkedHashMap<>();

	public Map<String, Schedule> getSchedules() {
		return this.schedules;
	}

	/**
	 * One recurring job.
	 */
	public static class Schedule {

		/** Spring cron expression, six fields, seconds first (for example "0 0 2 * * *"). */
		private @Nullable String cron;

		/** The time zone the cron expression is read in (for example Europe/Berlin). */
		private String zone = "UTC";

		/** The queue the task is enqueued on, without prefix. */
		private @Nullable String queue;

		/** The task enqueued at each tick. */
		private @Nullable String task;

		/** The task's arguments. */
		private Map<String, Object> arguments = new LinkedHashMap<>();

		public @Nullable String getCron() {
			return this.cron;
		}

		public void setCron(@Nullable String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public @Nullable String getTask() {
			return this.task;
		}

		public void setTask(@Nullable String task) {
			this.task = task;
		}

		public Map<String, Object> getArguments() {
			return this.arguments;
		}

		public void setArguments(Map<String, Object> arguments) {
			this.arguments = arguments;
		}

	}

}
