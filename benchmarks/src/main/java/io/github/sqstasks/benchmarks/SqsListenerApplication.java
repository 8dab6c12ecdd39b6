package io.github.sqstasks.benchmarks;

import io.awspring.cloud.sqs.annotation.SqsListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The plain Spring Cloud AWS application the "defaults" row comes from: Spring Cloud AWS's auto-configuration with its
 * default listener container factory, and one no-op {@code @SqsListener} whose JSON body is converted to a record, as
 * the sqs-tasks handler's body is bound to its parameter.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration",
		"io.github.sqstasks.autoconfigure.EmbeddedSqsBrokerAutoConfiguration",
		"io.github.sqstasks.actuate.SqsTasksActuatorAutoConfiguration" })
public class SqsListenerApplication {

	/** The id of the listener's container in Spring Cloud AWS's registry. */
	public static final String LISTENER_ID = "bench-sqs-listener";

	/** The property that names the queue the listener receives from. */
	public static final String QUEUE_PROPERTY = "bench.sqs-listener.queue";

	@Bean
	NoopListener noopListener(Probe probe) {
		return new NoopListener(probe);
	}

	/**
	 * The body of a benchmark message, {@code {"n":123}}.
	 * @param n the message number
	 */
	public record Job(int n) {
	}

	/**
	 * The listener under test: does nothing but tell the probe it started.
	 */
	public static class NoopListener {

		private final Probe probe;

		NoopListener(Probe probe) {
			this.probe = probe;
		}

		/**
		 * Marks message {@code job.n} started.
		 * @param job the converted body
		 */
		@SqsListener(queueNames = "${" + QUEUE_PROPERTY + "}", id = LISTENER_ID)
		public void noop(Job job) {
			this.probe.started(job.n());
		}

	}

}
