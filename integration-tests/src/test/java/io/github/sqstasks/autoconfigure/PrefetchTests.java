package io.github.sqstasks.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code concurrency} bounds the handlers running at once; {@code prefetch} messages more are received ahead, kept
 * invisible while they wait, and given back unprocessed when the worker stops.
 */
class PrefetchTests {

	private final SqsAsyncClient sqs = SharedBroker.client();

	private final String prefix = SharedBroker.uniquePrefix();

	/** The client the application gets: the broker's, or one that counts requests. */
	private SqsAsyncClient client = this.sqs;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.client)
		.withBean(SlowTasks.class)
		.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + this.prefix,
				"sqs-tasks.listener.acknowledgement-interval=0s");

	@Test
	void handlersRunAtMostConcurrencyAtOnceWhilePrefetchedMessagesWaitInvisible() {
		this.runner.withPropertyValues("sqs-tasks.queues.slow.concurrency=2", "sqs-tasks.queues.slow.prefetch=6")
			.run((context) -> {
				SlowTasks tasks = context.getBean(SlowTasks.class);
				tasks.millis = 300;
				String url = context.getBean(QueueResolver.class).url("slow");
				send(context.getBean(SqsTaskTemplate.class), 20);
				// 2 running + 6 received ahead: the broker sees 8 in flight while only 2 handlers run.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 8);
				await().atMost(Duration.ofSeconds(20)).until(() -> tasks.finished.size() == 20);
				assertThat(tasks.maxRunning).hasValue(2);
				assertThat(tasks.finished).doesNotHaveDuplicates();
			});
	}

	@Test
	void prefetchedMessagesAreKeptInvisibleForTheQueuesOwnVisibilityTimeout() {
		// No visibility-timeout in the settings: the heartbeat of waiting messages renews the queue's own, 2 s.
		this.sqs
			.createQueue((r) -> r.queueName(this.prefix + "slow")
				.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2")))
			.join();
		this.runner.withPropertyValues("sqs-tasks.queues.slow.concurrency=1", "sqs-tasks.queues.slow.prefetch=3")
			.run((context) -> {
				SlowTasks tasks = runFourSlowTasksOneAtATime(context);
				assertThat(tasks.finished).containsExactlyInAnyOrder(0, 1, 2, 3);
				assertThat(tasks.started).hasValue(4);
			});
	}

	@Test
	void stoppingGivesBackPrefetchedMessagesAtOnceAndFinishesTheRunningOne() {
		String[] url = new String[1];
		SlowTasks[] tasks = new SlowTasks[1];
		this.runner.withPropertyValues("sqs-tasks.queues.slow.concurrency=1", "sqs-tasks.queues.slow.prefetch=5")
			.run((context) -> {
				tasks[0] = context.getBean(SlowTasks.class);
				tasks[0].millis = 2000;
				url[0] = context.getBean(QueueResolver.class).url("slow");
				send(context.getBean(SqsTaskTemplate.class), 6);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> tasks[0].started.get() == 1
							&& count(url[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 6);
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			});
		// The running task finished and was deleted; the 5 waiting ones are visible again now, not after the
		// queue's 30 s visibility timeout, and none of them ran.
		assertThat(tasks[0].finished).hasSize(1);
		assertThat(tasks[0].started).hasValue(1);
		SqsAsyncClient observer = SharedBroker.client();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> SharedBroker.count(observer, url[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 5);
		assertThat(SharedBroker.count(observer, url[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.isZero();
	}

	@Test
	void withoutAReceiveBatchWindowABacklogIsStillReceivedInWholeBatches() {
		// Regression (found by the benchmark): with receive-batch-window 0s each finishing handler's freed place was
		// received at once, one message per receive: about one ReceiveMessage per task on a backlog.
		AtomicInteger receives = new AtomicInteger();
		this.client = (SqsAsyncClient) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { SqsAsyncClient.class }, (proxy, method, args) -> {
					if (method.getName().equals("receiveMessage")) {
						receives.incrementAndGet();
					}
					try {
						return method.invoke(this.sqs, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		this.runner
			.withPropertyValues("sqs-tasks.queues.slow.concurrency=2", "sqs-tasks.queues.slow.prefetch=18",
					"sqs-tasks.queues.slow.receive-batch-window=0s")
			.run((context) -> {
				SlowTasks tasks = context.getBean(SlowTasks.class);
				tasks.millis = 20;
				send(context.getBean(SqsTaskTemplate.class), 100);
				await().atMost(Duration.ofSeconds(30)).until(() -> tasks.finished.size() == 100);
				// ten full receives, and a few around them (the first, and those that find the queue empty)
				assertThat(receives).as("ReceiveMessage requests for 100 tasks").hasValueLessThanOrEqualTo(20);
				assertThat(tasks.finished).doesNotHaveDuplicates();
			});
	}

	/**
	 * Sends four 1.5 s tasks to a queue with one handler and waits until they finished, and 3 s more for any second
	 * delivery: the last waits about 4.5 s for its turn, more than twice a 2 s visibility timeout.
	 */
	private static SlowTasks runFourSlowTasksOneAtATime(ApplicationContext context) {
		SlowTasks tasks = context.getBean(SlowTasks.class);
		tasks.millis = 1500;
		send(context.getBean(SqsTaskTemplate.class), 4);
		await().atMost(Duration.ofSeconds(20)).until(() -> tasks.finished.size() == 4);
		await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
		return tasks;
	}

	private static void send(SqsTaskTemplate template, int count) {
		try (SqsTaskTemplate.Batch batch = template.batch()) {
			for (int i = 0; i < count; i++) {
				template.addJob("slow", "slow", Map.of("n", i));
			}
		}
	}

	private int count(String url, QueueAttributeName attribute) {
		return SharedBroker.count(this.sqs, url, attribute);
	}

	static class SlowTasks {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxRunning = new AtomicInteger();

		final List<Integer> finished = new CopyOnWriteArrayList<>();

		volatile long millis;

		@SqsTask(queue = "slow")
		void slow(int n) throws InterruptedException {
			this.started.incrementAndGet();
			this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			Thread.sleep(this.millis);
			this.running.decrementAndGet();
			this.finished.add(n);
		}

	}

}
