package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the context (what SIGTERM does) stops receiving at once, lets handlers in flight finish and deletes what
 * they finished; an idle worker does not wait out its long poll.
 */
class GracefulShutdownTests {

	private final SqsAsyncClient sqs = SharedBroker.client();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.sqs)
		.withBean(SlowTasks.class)
		.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
				"sqs-tasks.defaults.poll-timeout=20s", "sqs-tasks.queues.slow.concurrency=20",
				"sqs-tasks.listener.shutdown-timeout=10s");

	@Test
	void closingWithTwentySlowTasksInFlightFinishesAndDeletesAllOfThem() {
		String[] url = new String[1];
		SlowTasks[] tasks = new SlowTasks[1];
		long[] closeMillis = new long[1];
		this.runner.run((context) -> {
			url[0] = context.getBean(QueueResolver.class).url("slow");
			tasks[0] = context.getBean(SlowTasks.class);
			SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
			try (SqsTaskTemplate.Batch batch = template.batch()) {
				for (int i = 0; i < 20; i++) {
					template.addJob("slow", "slow", Map.of("n", i));
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> tasks[0].started.get() == 20);
			long start = System.nanoTime();
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			closeMillis[0] = (System.nanoTime() - start) / 1_000_000;
		});

		assertThat(tasks[0].finished).hasSize(20);
		assertThat(inQueue(url[0])).isZero();
		assertThat(tasks[0].started).hasValue(20);
		// Handlers take 2 s; the shutdown timeout is 10 s: the close waited for them, not for a 20 s poll.
		assertThat(closeMillis[0]).isLessThan(10_000 + 1_000);
	}

	@Test
	void aStopWithHandlersOutlastingTheTimeoutEndsWithinOneTimeoutAndDeletesWhatFinishedInIt() {
		// Regression: the stop waited the shutdown timeout for the handlers, then as long again for the deletes.
		String[] url = new String[1];
		long[] closeMillis = new long[1];
		int[] leftAtClose = new int[1];
		int[] interrupted = new int[1];
		this.runner.withPropertyValues("sqs-tasks.listener.shutdown-timeout=3s")
			.withBean(OverrunTasks.class)
			.run((context) -> {
				url[0] = context.getBean(QueueResolver.class).url("overrun");
				OverrunTasks overrun = context.getBean(OverrunTasks.class);
				SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
				template.addJob("overrun", "quick", Map.of("n", 1));
				template.addJob("overrun", "stuck", Map.of("n", 2));
				await().atMost(Duration.ofSeconds(10)).until(() -> overrun.started.get() == 2);
				long start = System.nanoTime();
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
				closeMillis[0] = (System.nanoTime() - start) / 1_000_000;
				leftAtClose[0] = inQueue(url[0]);
				interrupted[0] = overrun.interrupted.get();
				overrun.release.countDown();
			});

		// "quick" finished 1 s into the 3 s timeout and was deleted; "stuck" was still running when the close returned
		assertThat(closeMillis[0]).isBetween(3_000L, 3_000L + 1_500L);
		assertThat(leftAtClose[0]).isEqualTo(1);
		// the stop interrupts a handler that overran it
		assertThat(interrupted[0]).isOne();
	}

	@Test
	void anIdleWorkerStopsWithoutWaitingForItsLongPoll() {
		long[] closeMillis = new long[1];
		this.runner.run((context) -> {
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			long start = System.nanoTime();
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			closeMillis[0] = (System.nanoTime() - start) / 1_000_000;
		});
		// Spring Cloud AWS alone would wait for the 20 s poll to return.
		assertThat(closeMillis[0]).isLessThan(5_000);
	}

	@Test
	void whatTheLongPollInFlightAtAStopBringsIsGivenBackAtOnceAndRunsAfterARestart() {
		// Regression: a receive that came back after the stop with fewer messages than it asked for tried to open a
		// batch window on the stopped scheduler, failed, and never gave its message back: it waited out its 30 s
		// visibility timeout, even after the listener was started again.
		this.runner.run((context) -> {
			String url = context.getBean(QueueResolver.class).url("slow");
			SlowTasks tasks = context.getBean(SlowTasks.class);
			QueueListeners listeners = context.getBean(QueueListeners.class);
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			listeners.stop();
			context.getBean(SqsTaskTemplate.class).addJob("slow", "slow", Map.of("n", 7));
			// the 20 s long poll sent before the stop takes the message (not visible), then gives it back
			await().atMost(Duration.ofSeconds(5))
				.until(() -> SharedBroker.count(this.sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
			listeners.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> tasks.finished.contains(7));
			assertThat(tasks.started).hasValue(1);
		});
	}

	@Test
	void aRestartRunsHandlersOnTheThreadsOfTheFirstStartAndClosingTheContextEndsThem() {
		// a restart used to create the queue's whole pool again: with concurrency 1000, about 150 ms of thread
		// starts on the dispatch path, during which a restarted worker with a backlog ran at a fifth of its rate
		ThreadTasks[] tasks = new ThreadTasks[1];
		this.runner.withBean(ThreadTasks.class).withPropertyValues("sqs-tasks.queues.threads.concurrency=4")
			.run((context) -> {
				tasks[0] = context.getBean(ThreadTasks.class);
				QueueListeners listeners = context.getBean(QueueListeners.class);
				SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
				for (int i = 0; i < 4; i++) {
					template.addJob("threads", "record", Map.of("n", i));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> tasks[0].threads.size() == 4);
				List<Thread> firstStart = List.copyOf(tasks[0].threads);
				assertThat(firstStart).doesNotHaveDuplicates();
				listeners.stop();
				listeners.start();
				for (int i = 4; i < 8; i++) {
					template.addJob("threads", "record", Map.of("n", i));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> tasks[0].threads.size() == 8);
				assertThat(tasks[0].threads.subList(4, 8)).allSatisfy((thread) -> assertThat(firstStart).contains(thread));
			});

		// non-daemon threads left to their 60 s keep-alive would hold the JVM's exit
		await().atMost(Duration.ofSeconds(5)).until(() -> tasks[0].threads.stream().noneMatch(Thread::isAlive));
	}

	private int inQueue(String url) {
		// The context closed the application's client with it; look with another one.
		SqsAsyncClient observer = SharedBroker.client();
		return SharedBroker.count(observer, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				+ SharedBroker.count(observer, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	static class OverrunTasks {

		final AtomicInteger started = new AtomicInteger();

		final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

		final AtomicInteger interrupted = new AtomicInteger();

		@SqsTask(queue = "overrun")
		void quick(int n) throws InterruptedException {
			this.started.incrementAndGet();
			Thread.sleep(1000);
		}

		@SqsTask(queue = "overrun")
		void stuck(int n) throws InterruptedException {
			this.started.incrementAndGet();
			// not interruptible by the stop: a handler that goes on past the shutdown timeout
			long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < until && this.release.getCount() > 0) {
				try {
					this.release.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					// keeps running
					this.interrupted.incrementAndGet();
				}
			}
		}

	}

	static class ThreadTasks {

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		private final java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);

		@SqsTask(queue = "threads")
		void record(int n) throws Exception {
			// four at once, so that each start's four tasks run on four threads
			this.together.await(10, java.util.concurrent.TimeUnit.SECONDS);
			this.threads.add(Thread.currentThread());
		}

	}

	static class SlowTasks {

		final AtomicInteger started = new AtomicInteger();

		final List<Integer> finished = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "slow")
		void slow(int n) throws InterruptedException {
			this.started.incrementAndGet();
			Thread.sleep(2000);
			this.finished.add(n);
		}

	}

}
