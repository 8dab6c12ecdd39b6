package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.listener.QueueShutdownPolicy;
import io.github.sqstasks.listener.WorkerFinishedEvent;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receive pacing and shutdown policies on the manual clock.
 */
class PacingAndShutdownPolicyTests {

	@Nested
	@SqsTaskTest(tasks = Work.class)
	@TestPropertySource(properties = "sqs-tasks.queues.light.receive-batch-window=200ms")
	class BatchWindow {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Work work;

		@Test
		void afterAReceiveThatCameBackShortTheNextWaitsTheWindowAndTakesWhatCameMeanwhile() {
			this.tasks.addJob("light", "run", Map.of("n", 1));
			this.sqs.processUntilIdle();
			assertThat(this.work.runs).containsExactly(1);

			for (int n = 2; n <= 4; n++) {
				this.tasks.addJob("light", "run", Map.of("n", n));
			}
			this.sqs.advance(Duration.ofMillis(199));
			// not received yet: the receive waits the batch window after one that brought 1 of 10
			assertThat(this.sqs.enqueued("light")).hasSize(3).allMatch((task) -> task.receiveCount() == 0);

			this.sqs.advance(Duration.ofMillis(1));
			this.sqs.processUntilIdle();
			assertThat(this.work.runs).containsExactlyInAnyOrder(1, 2, 3, 4);
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Work.class, Finished.class })
	@TestPropertySource(properties = { "sqs-tasks.listener.shutdown-policy.idle=30s",
			"sqs-tasks.listener.shutdown-policy.exit=false" })
	@DirtiesContext
	class IdleTime {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Finished finished;

		@Test
		void theWorkerStopsAfterTheIdleTimeOfItsClock() {
			this.tasks.addJob("light", "run", Map.of("n", 1));
			this.sqs.processUntilIdle();

			this.sqs.advance(Duration.ofSeconds(29));
			assertThat(this.finished.events).isEmpty();
			this.sqs.advance(Duration.ofSeconds(1));
			assertThat(this.finished.events).singleElement()
				.satisfies((event) -> assertThat(event.getQueues()).contains("light"));
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Work.class, Finished.class })
	@TestPropertySource(properties = { "sqs-tasks.listener.shutdown-policy.idle=0s",
			"sqs-tasks.listener.shutdown-policy.exit=false" })
	@DirtiesContext
	class Drain {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Work work;

		@Autowired
		Finished finished;

		@Test
		void idleZeroStopsOnceTheQueueIsEmptyAfterDoingItsWork() {
			for (int n = 1; n <= 5; n++) {
				this.tasks.addJob("light", "run", Map.of("n", n));
			}
			this.sqs.processUntilIdle();
			assertThat(this.work.runs).hasSize(5);

			// the next policy check after a receive came back empty stops the worker; no idle time to wait
			await().untilAsserted(() -> {
				this.sqs.advance(Duration.ofMillis(100));
				assertThat(this.finished.events).hasSize(1);
			});
			assertThat(this.sqs.enqueued("light")).isEmpty();
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Work.class, Finished.class, StopAtFive.class })
	@TestPropertySource(properties = { "sqs-tasks.listener.shutdown-policy.idle=1s",
			"sqs-tasks.listener.shutdown-policy.exit=false" })
	@DirtiesContext
	class CustomPolicy {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Finished finished;

		@Test
		void aPolicyBeanReplacesTheConfiguredOne() {
			this.tasks.addJob("light", "run", Map.of("n", 1));
			this.sqs.processUntilIdle();
			// the configured idle of 1 s does not apply
			this.sqs.advance(Duration.ofMinutes(4));
			assertThat(this.finished.events).isEmpty();
			this.tasks.addJob("light", "run", Map.of("n", 2));
			this.sqs.processUntilIdle();
			this.sqs.advance(Duration.ofMinutes(1));
			assertThat(this.finished.events).hasSize(1);
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Work.class, Finished.class })
	@TestPropertySource(properties = { "sqs-tasks.listener.shutdown-policy.max-tasks=5",
			"sqs-tasks.listener.shutdown-policy.exit=false", "sqs-tasks.queues.light.concurrency=1" })
	@DirtiesContext
	class MaxTasks {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Work work;

		@Autowired
		Finished finished;

		@Test
		void exactlyMaxTasksAreHandledAndTheRestStayInTheQueueUntouched() {
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				for (int n = 0; n < 12; n++) {
					this.tasks.addJob("light", "run", Map.of("n", n));
				}
			}
			await().untilAsserted(() -> {
				assertThat(this.work.runs).hasSize(5);
				assertThat(this.sqs.enqueued("light")).hasSize(7)
					.allSatisfy((task) -> assertThat(task.state()).isEqualTo(MessageState.VISIBLE));
			});
			this.sqs.advance(Duration.ofMillis(100));

			assertThat(this.finished.events).hasSize(1);
			assertThat(this.work.runs).hasSize(5);
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Work.class, Finished.class })
	@TestPropertySource(properties = { "sqs-tasks.listener.shutdown-policy.idle=30s",
			"sqs-tasks.listener.shutdown-policy.max-tasks=2", "sqs-tasks.listener.shutdown-policy.require-all=true",
			"sqs-tasks.listener.shutdown-policy.exit=false" })
	@DirtiesContext
	class RequireAll {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Finished finished;

		@Test
		void anIdleQueueKeepsRunningUntilItHasAlsoHandledEnoughTasks() {
			this.sqs.processUntilIdle();
			this.sqs.advance(Duration.ofMinutes(2));
			// idle for long enough, but not two tasks yet
			assertThat(this.finished.events).isEmpty();

			this.tasks.addJob("light", "run", Map.of("n", 1));
			this.tasks.addJob("light", "run", Map.of("n", 2));
			this.sqs.processUntilIdle();
			this.sqs.advance(Duration.ofSeconds(29));
			assertThat(this.finished.events).isEmpty();
			this.sqs.advance(Duration.ofSeconds(1));
			assertThat(this.finished.events).hasSize(1);
		}

	}

	/** Stops once two tasks are done and it is five past midnight. */
	static class StopAtFive implements QueueShutdownPolicy {

		@Override
		public boolean shouldStop(QueueState queue) {
			return queue.finished() >= 2 && !queue.now().isBefore(java.time.Instant.parse("2030-01-01T00:05:00Z"));
		}

	}

	static class Work {

		final List<Integer> runs = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "light")
		void run(int n) {
			this.runs.add(n);
		}

	}

	static class Finished {

		final List<WorkerFinishedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WorkerFinishedEvent event) {
			this.events.add(event);
		}

	}

}
