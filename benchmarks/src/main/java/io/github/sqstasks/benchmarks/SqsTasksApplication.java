package io.github.sqstasks.benchmarks;

import io.github.sqstasks.annotation.SqsTask;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot application the sqs-tasks figures come from: auto-configuration only, plus one no-op task.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SqsTasksApplication {

	/** The queue the benchmark task listens on, without the prefix that tells the runs apart. */
	public static final String QUEUE = "bench";

	/** The task's name, as written in the {@code JobName} attribute. */
	public static final String TASK = "noop";

	/** The task of the large-message figures, whose body also has a {@code pad} string. */
	public static final String LARGE_TASK = "large";

	@Bean
	NoopTasks noopTasks(Probe probe) {
		return new NoopTasks(probe);
	}

	/**
	 * The task under test: does nothing but tell the probe it started.
	 */
	public static class NoopTasks {

		private final Probe probe;

		NoopTasks(Probe probe) {
			this.probe = probe;
		}

		/**
		 * Marks task {@code n} started.
		 * @param n the message number, bound from the body
		 */
		@SqsTask(queue = QUEUE, name = TASK)
		public void noop(int n) {
			this.probe.started(n);
		}

		/**
		 * Marks large task {@code n} started; its padding is bound, as a handler's data would be.
		 * @param n the message number
		 * @param pad the padding that makes the message large
		 */
		@SqsTask(queue = QUEUE, name = LARGE_TASK)
		public void large(int n, String pad) {
			this.probe.started(n);
		}

	}

}
