package io.github.sqstasks.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interceptors see every outcome in order; metrics and counters count a scripted mix of outcomes exactly; context
 * and MDC arrive in the handler and are gone after it.
 */
@SqsTaskTest(tasks = { InterceptorsAndMetricsTests.Tasks.class, InterceptorsAndMetricsTests.First.class,
		InterceptorsAndMetricsTests.Second.class, SimpleMeterRegistry.class })
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false", "sqs-tasks.queues.mix.max-receive-count=2",
		"sqs-tasks.queues.mix.dead-letter-queue=mix_dead", "sqs-tasks.queues.mix.concurrency=1" })
class InterceptorsAndMetricsTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TaskCounters counters;

	@Autowired
	Tasks handlers;

	@Test
	void aScriptedMixOfOutcomesIsSeenByInterceptorsAndCountedExactly() {
		try (TaskContext.Scope scope = TaskContext.with("request_id", "r-1")) {
			this.tasks.addJob("mix", "broken", Map.of("n", 0));
		}
		this.sqs.processUntilIdle();
		for (int i = 0; i < 3; i++) {
			this.tasks.addJob("mix", "ok", Map.of("n", i));
		}
		this.tasks.addJob("mix", "later", Map.of("n", 0));
		this.tasks.addJob("mix", "fatal", Map.of("n", 0));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(5));
		this.sqs.processUntilIdle();

		assertThat(this.counters.count("mix", "ok", TaskOutcome.SUCCEEDED)).isEqualTo(3);
		assertThat(this.counters.count("mix", "later", TaskOutcome.RETRIED)).isEqualTo(1);
		assertThat(this.counters.count("mix", "later", TaskOutcome.SUCCEEDED)).isEqualTo(1);
		assertThat(this.counters.count("mix", "fatal", TaskOutcome.DEAD_LETTERED)).isEqualTo(1);
		assertThat(this.counters.count("mix", "broken", TaskOutcome.RETRIED)).isEqualTo(1);
		assertThat(this.counters.count("mix", "broken", TaskOutcome.DEAD_LETTERED)).isEqualTo(1);
		assertThat(outcomes("ok", "succeeded")).isEqualTo(3.0);
		assertThat(outcomes("later", "retried")).isEqualTo(1.0);
		assertThat(outcomes("fatal", "dead_lettered")).isEqualTo(1.0);
		assertThat(outcomes("broken", "dead_lettered")).isEqualTo(1.0);
		assertThat(this.meters.get("sqstasks.task.duration").tags("task", "ok", "result", "success").timer().count())
			.isEqualTo(3);
		assertThat(this.meters.get("sqstasks.task.duration").tags("task", "broken", "result", "error").timer().count())
			.isEqualTo(2);
		assertThat(this.meters.get("sqstasks.task.latency").tags("task", "later").timer().count()).isEqualTo(2);
		assertThat(this.meters.get("sqstasks.messages.unfinished").gauge().value()).isZero();

		assertThat(events).filteredOn((e) -> e.contains("fatal"))
			.containsExactly("first before fatal", "second before fatal", "second error fatal DoNotRetry",
					"first error fatal DoNotRetry");
		assertThat(events).filteredOn((e) -> e.contains(" ok")).hasSize(12);
		assertThat(this.handlers.mdc).containsOnly("r-1");
		assertThat(this.handlers.leaked).as("context or MDC of one message seen by the next").isEmpty();
		assertThat(this.handlers.okRuns).hasValue(3);
	}

	private double outcomes(String task, String outcome) {
		return this.meters.get("sqstasks.task.outcomes").tags("queue", "mix", "task", task, "outcome", outcome)
			.counter()
			.count();
	}

	@Order(1)
	static class First implements TaskInterceptor {

		@Override
		public void beforeTask(TaskMessage message) {
			events.add("first before " + message.taskName());
		}

		@Override
		public void afterTask(TaskMessage message) {
			events.add("first after " + message.taskName());
		}

		@Override
		public void onError(TaskMessage message, Throwable error) {
			events.add("first error " + message.taskName() + " " + error.getClass().getSimpleName());
		}

	}

	@Order(2)
	static class Second implements TaskInterceptor {

		@Override
		public void beforeTask(TaskMessage message) {
			events.add("second before " + message.taskName());
		}

		@Override
		public void afterTask(TaskMessage message) {
			events.add("second after " + message.taskName());
		}

		@Override
		public void onError(TaskMessage message, Throwable error) {
			events.add("second error " + message.taskName() + " " + error.getClass().getSimpleName());
		}

	}

	static class Tasks {

		final List<String> mdc = new CopyOnWriteArrayList<>();

		final List<String> leaked = new CopyOnWriteArrayList<>();

		final java.util.concurrent.atomic.AtomicInteger okRuns = new java.util.concurrent.atomic.AtomicInteger();

		private volatile boolean laterDone;

		@SqsTask(queue = "mix")
		void ok(int n) {
			this.okRuns.incrementAndGet();
			if (MDC.get("ctx.request_id") != null || !TaskContext.current().isEmpty()) {
				this.leaked.add(MDC.get("ctx.request_id") + " " + TaskContext.current());
			}
		}

		@SqsTask(queue = "mix")
		void later(int n) {
			if (!this.laterDone) {
				this.laterDone = true;
				throw new RetryLater(Duration.ofSeconds(2));
			}
		}

		@SqsTask(queue = "mix")
		void fatal(int n) {
			throw new DoNotRetry("cannot");
		}

		@SqsTask(queue = "mix")
		void broken(int n) {
			String value = MDC.get("ctx.request_id");
			if (value != null) {
				this.mdc.add(value);
			}
			throw new IllegalStateException("broken");
		}

	}

}
