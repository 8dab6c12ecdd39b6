package io.github.sqstasks.benchmarks;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.sqstasks.handlers.TaskHandlers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application with many queues, a no-op task on each ({@code q000}, {@code q001}, ...; property
 * {@code bench.queues}), registered in code through {@link TaskHandlers}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ManyQueuesApplication {

	/** The property that sets how many queues the application has. */
	public static final String QUEUES_PROPERTY = "many-queues.count";

	@Bean
	Starts starts(@Value("${" + QUEUES_PROPERTY + "}") int queues) {
		return new Starts(queues);
	}

	@Bean
	String manyQueueHandlers(TaskHandlers handlers, Starts starts, Probe probe,
			@Value("${" + QUEUES_PROPERTY + "}") int queues) {
		for (int i = 0; i < queues; i++) {
			int queue = i;
			handlers.register(queue(i), SqsTasksApplication.TASK, Job.class, (job, message) -> {
				starts.started(queue);
				probe.started(job.n());
			});
		}
		return queues + " queues";
	}

	/**
	 * Returns the name of queue {@code i}.
	 * @param i its index
	 * @return the name, without prefix
	 */
	public static String queue(int i) {
		return String.format("q%03d", i);
	}

	/**
	 * The body of a benchmark message.
	 * @param n the message number
	 */
	public record Job(int n) {
	}

	/**
	 * Handler starts per queue, and when each queue's last start was.
	 */
	public static final class Starts {

		private final AtomicIntegerArray counts;

		private final AtomicLongArray last;

		Starts(int queues) {
			this.counts = new AtomicIntegerArray(queues);
			this.last = new AtomicLongArray(queues);
		}

		void started(int queue) {
			this.counts.incrementAndGet(queue);
			this.last.set(queue, System.nanoTime());
		}

		/**
		 * Returns the starts on a queue since the last reset.
		 * @param queue the queue's index
		 * @return the count
		 */
		public int count(int queue) {
			return this.counts.get(queue);
		}

		/**
		 * Returns when the last start on a queue was.
		 * @param queue the queue's index
		 * @return {@link System#nanoTime()} of that start
		 */
		public long last(int queue) {
			return this.last.get(queue);
		}

		/** Forgets every count. */
		public void reset() {
			for (int i = 0; i < this.counts.length(); i++) {
				this.counts.set(i, 0);
			}
		}

	}

}
