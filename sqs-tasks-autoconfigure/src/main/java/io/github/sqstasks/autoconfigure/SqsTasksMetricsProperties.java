package io.github.sqstasks.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of sqs-tasks' own metrics, under the {@code sqs-tasks.metrics} prefix. It validates itself, as
 * {@link SqsTasksProperties} does.
 */
@ConfigurationProperties("sqs-tasks.metrics")
public class SqsTasksMetricsProperties implements Validator {

	private final QueueGauges queueGauges = new QueueGauges();

	/**
	 * Returns the settings of the queue gauges.
	 * @return the queue gauges' settings
	 */
	public QueueGauges getQueueGauges() {
		return this.queueGauges;
	}

	/**
	 * Supports this class only: Spring Boot asks before it validates the bound properties.
	 * @param type the type to validate
	 * @return whether it is {@link SqsTasksMetricsProperties}
	 */
	@Override
	public boolean supports(Class<?> type) {
		return SqsTasksMetricsProperties.class.isAssignableFrom(type);
	}

	/**
	 * Rejects an interval that is not positive.
	 * @param target the bound properties
	 * @param errors where a refusal goes
	 */
	@Override
	public void validate(Object target, Errors errors) {
		Duration interval = ((SqsTasksMetricsProperties) target).getQueueGauges().getInterval();
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			errors.reject("sqs-tasks.metrics.queue-gauges.interval", "sqs-tasks.metrics.queue-gauges.interval is "
					+ interval.toMillis() + "ms; it must be at least 1s (each sample is one request per queue)");
		}
	}

	/**
	 * Gauges of each queue's approximate message counts, read from SQS for autoscaling.
	 */
	public static class QueueGauges {

		/** Whether to sample each queue's approximate message counts from SQS into gauges. */
		private boolean enabled;

		/** How often each queue is sampled (one GetQueueAttributes request per queue), at least 1s. */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * Tells whether the queue gauges are on.
		 * @return {@code true} to sample the queues
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Turns the queue gauges on or off.
		 * @param enabled {@code true} to sample the queues
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Returns how often the queues are sampled.
		 * @return the interval
		 */
		public Duration getInterval() {
			return this.interval;
		}

		/**
		 * Sets how often the queues are sampled.
		 * @param interval the interval, at least 1s
		 */
		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
