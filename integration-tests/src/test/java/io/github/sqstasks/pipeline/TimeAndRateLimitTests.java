package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.EnqueuedTask;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-task time limits and per-queue rate limits, on the manual clock.
 */
@SqsTaskTest(tasks = TimeAndRateLimitTests.Work.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false",
		"sqs-tasks.queues.slow.task-timeout=10s", "sqs-tasks.queues.slow.max-receive-count=1",
		"sqs-tasks.queues.slow.dead-letter-queue=slow_dead", "sqs-tasks.queues.own.max-receive-count=1",
		"sqs-tasks.queues.own.dead-letter-queue=own_dead", "sqs-tasks.queues.paced.max-rate=2" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class TimeAndRateLimitTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Work work;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.log.start();
		((Logger) LoggerFactory.getLogger("io.github.sqstasks.listener.TimeLimit")).addAppender(this.log);
	}

	@AfterEach
	void release() {
		((Logger) LoggerFactory.getLogger("io.github.sqstasks.listener.TimeLimit")).detachAppender(this.log);
		this.work.release.countDown();
	}

	@Test
	void aHandlerPastTheQueuesTaskTimeoutIsInterruptedAndItsAttemptFailsNamingTheLimit() {
		this.tasks.addJob("slow", "wait", Map.of("n", 1));
		await().until(() -> this.work.started.size() == 1);

		this.sqs.advance(Duration.ofSeconds(9));
		assertThat(this.work.interrupted).isEmpty();
		this.sqs.advance(Duration.ofSeconds(1));
		this.sqs.processUntilIdle();

		assertThat(this.work.interrupted).containsExactly(1);
		assertThat(this.sqs.deadLetters("slow")).singleElement()
			.extracting((task) -> task.attributes().get("FailureReason"))
			.asString()
			.contains("exceeded its task-timeout of PT10S and was interrupted");
	}

	@Test
	void aTasksOwnTimeoutOverridesItsQueue() {
		this.tasks.addJob("own", "quick", Map.of("n", 2));
		await().until(() -> this.work.started.size() == 1);

		this.sqs.advance(Duration.ofSeconds(3));
		this.sqs.processUntilIdle();

		assertThat(this.work.interrupted).containsExactly(2);
		assertThat(this.sqs.deadLetters("own")).singleElement()
			.extracting((task) -> task.attributes().get("FailureReason"))
			.asString()
			.contains("task-timeout of PT3S");
	}

	@Test
	void aHandlerThatIgnoresTheInterruptIsReportedWithItsStack() {
		this.tasks.addJob("slow", "stubborn", Map.of("n", 3));
		await().until(() -> this.work.started.size() == 1);

		this.sqs.advance(Duration.ofSeconds(10));
		await().until(() -> this.work.interrupted.size() == 1);
		assertThat(this.log.list).isEmpty();
		this.sqs.advance(Duration.ofSeconds(10));

		assertThat(this.log.list).singleElement().satisfies((event) -> {
			assertThat(event.getFormattedMessage()).contains("still running after its task-timeout of PT10S",
					"ignores interrupts");
			assertThat(event.getThrowableProxy().getStackTraceElementProxyArray())
				.anyMatch((frame) -> frame.getSTEAsString().contains("TimeAndRateLimitTests$Work.stubborn"));
		});
	}

	@Test
	void maxRateSpacesHandlerStartsEvenlyWhileTheRestWaitInvisible() {
		Instant start = this.sqs.clock().instant();
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int n = 0; n < 5; n++) {
				this.tasks.addJob("paced", "tick", Map.of("n", n));
			}
		}
		this.sqs.processUntilIdle();
		assertThat(this.work.ticks).hasSize(1);
		assertThat(this.sqs.enqueued("paced")).hasSize(4).extracting(EnqueuedTask::state)
			.containsOnly(MessageState.IN_FLIGHT);

		for (int step = 0; step < 8; step++) {
			this.sqs.advance(Duration.ofMillis(250));
			this.sqs.processUntilIdle();
		}
		// max-rate 2: one start every 500 ms, none in a burst
		assertThat(this.work.ticks).containsExactly(start, start.plusMillis(500), start.plusMillis(1000),
				start.plusMillis(1500), start.plusMillis(2000));
	}

	static class Work {

		final List<Integer> started = new CopyOnWriteArrayList<>();

		final List<Integer> interrupted = new CopyOnWriteArrayList<>();

		final List<Instant> ticks = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		@Autowired
		InMemorySqs sqs;

		@SqsTask(queue = "slow")
		void wait(int n) throws InterruptedException {
			this.started.add(n);
			try {
				this.release.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				this.interrupted.add(n);
				throw ex;
			}
		}

		@SqsTask(queue = "own", timeout = "3s")
		void quick(int n) throws InterruptedException {
			wait(n);
		}

		@SqsTask(queue = "slow")
		void stubborn(int n) {
			this.started.add(n);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
			while (System.nanoTime() < deadline) {
				try {
					if (this.release.await(10, TimeUnit.MILLISECONDS)) {
						return;
					}
				}
				catch (InterruptedException ex) {
					// ignored on purpose: this handler does not stop when interrupted
					this.interrupted.add(n);
				}
			}
		}

		@SqsTask(queue = "paced")
		void tick(int n) {
			this.ticks.add(this.sqs.clock().instant());
		}

	}

}
