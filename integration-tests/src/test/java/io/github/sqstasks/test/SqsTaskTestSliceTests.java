package io.github.sqstasks.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code @SqsTaskTest} slice: task code tested on the in-memory SQS, with the clock in the test's hands.
 */
@SqsTaskTest(tasks = SqsTaskTestSliceTests.Tasks.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false",
		"sqs-tasks.queues.fragile.dead-letter-queue=fragile_dead", "sqs-tasks.queues.fragile.max-receive-count=3",
		"sqs-tasks.queues.outbox.concurrency=1" })
class SqsTaskTestSliceTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Tasks handlers;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void clean() {
		this.sqs.clear();
		this.handlers.calls.set(0);
		this.handlers.done.clear();
	}

	@Test
	void theSliceHoldsTheListedTasksAndSqsTasksAndNothingElse() {
		assertThat(this.context.getBeanNamesForType(Tasks.class)).hasSize(1);
		assertThat(this.context.getBean(software.amazon.awssdk.services.sqs.SqsAsyncClient.class))
			.isSameAs(this.sqs.client());
		assertThat(this.context.containsBean("embeddedSqsBroker")).isFalse();
	}

	@Test
	void aTestSeesWhatWasEnqueuedWithArgumentsContextAndDelay() {
		try (TaskContext.Scope scope = TaskContext.with("user", "u-1")) {
			this.tasks.addJob("outbox", "publish", Map.of("topic", "orders", "count", 3),
					JobOptions.defaults().delay(Duration.ofMinutes(5)));
		}

		List<EnqueuedTask> jobs = this.sqs.enqueued("outbox", "publish");
		assertThat(jobs).hasSize(1);
		EnqueuedTask job = jobs.get(0);
		assertThat(job.arguments()).isEqualTo(Map.of("topic", "orders", "count", 3));
		assertThat(job.context()).isEqualTo(Map.of("user", "u-1"));
		assertThat(job.state()).isEqualTo(MessageState.DELAYED);
		assertThat(job.visibleAt()).isEqualTo(this.sqs.clock().instant().plus(Duration.ofMinutes(5)));
	}

	@Test
	void processUntilIdleRunsTheHandlersOfEverythingVisible() {
		for (int i = 0; i < 5; i++) {
			this.tasks.addJob("work", "work", Map.of("n", i));
		}

		this.sqs.processUntilIdle();

		assertThat(this.handlers.done).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
		assertThat(this.sqs.enqueued("work")).isEmpty();
	}

	@Test
	void aRetryPlaysOutByMovingTheClock() {
		this.handlers.failuresBeforeSuccess.set(2);
		this.tasks.addJob("flaky", "flaky", Map.of("n", 7));

		this.sqs.processUntilIdle();
		assertThat(this.handlers.calls).hasValue(1);
		EnqueuedTask waiting = this.sqs.enqueued("flaky").get(0);
		assertThat(waiting.state()).isEqualTo(MessageState.IN_FLIGHT);
		assertThat(waiting.visibleAt()).isEqualTo(this.sqs.clock().instant().plusSeconds(1));

		this.sqs.advance(Duration.ofSeconds(1));
		this.sqs.processUntilIdle();
		assertThat(this.handlers.calls).hasValue(2);

		this.sqs.advance(Duration.ofSeconds(2));
		this.sqs.processUntilIdle();
		assertThat(this.handlers.calls).hasValue(3);
		assertThat(this.handlers.done).containsExactly(7);
		assertThat(this.sqs.enqueued("flaky")).isEmpty();
	}

	@Test
	void aMessageThatKeepsFailingEndsInTheDeadLetterQueueWithItsReason() {
		this.tasks.addJob("fragile", "fragile", Map.of("n", 1));

		this.sqs.processUntilIdle();

		List<EnqueuedTask> dead = this.sqs.deadLetters("fragile");
		assertThat(dead).hasSize(1);
		assertThat(dead.get(0).taskName()).isEqualTo("fragile");
		assertThat(dead.get(0).arguments()).isEqualTo(Map.of("n", 1));
		assertThat(dead.get(0).attributes().get("FailureReason")).isEqualTo("DoNotRetry: never");
		assertThat(this.sqs.enqueued("fragile")).isEmpty();
	}

	@Test
	void aTwoHourDelayRunsWhenTheClockHasMovedTwoHours() {
		this.tasks.addJob("work", "work", Map.of("n", 99), JobOptions.defaults().delay(Duration.ofHours(2)));

		this.sqs.advance(Duration.ofMinutes(15));
		this.sqs.processUntilIdle();
		assertThat(this.handlers.done).isEmpty();
		assertThat(this.sqs.enqueued("work")).singleElement()
			.satisfies((job) -> assertThat(job.state()).isEqualTo(MessageState.DELAYED));

		this.sqs.advance(Duration.ofMinutes(105));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofMinutes(15));
		this.sqs.processUntilIdle();
		assertThat(this.handlers.done).containsExactly(99);
	}

	static class Tasks {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger failuresBeforeSuccess = new AtomicInteger();

		final List<Integer> done = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "work")
		void work(int n) {
			this.done.add(n);
		}

		@SqsTask(queue = "flaky")
		void flaky(int n) {
			if (this.calls.incrementAndGet() <= this.failuresBeforeSuccess.get()) {
				throw new IllegalStateException("not yet");
			}
			this.done.add(n);
		}

		@SqsTask(queue = "fragile")
		void fragile(int n) {
			throw new DoNotRetry("never");
		}

	}

}
