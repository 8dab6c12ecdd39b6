package io.github.sqstasks.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker and a producer in one application whose SQS endpoint is a {@link FaultProxy} in front of an embedded
 * ElasticMQ. While tasks are produced and consumed, every connection is cut, and new ones dropped, for a few seconds,
 * several times; in between, the connection is only slowed down. Every task whose {@code addJob} returned is done,
 * the worker resumes by itself after each outage, backs off while it lasts, and logs it once. A message whose move to
 * the dead-letter queue fails in an outage stays in its queue.
 *
 * <p>{@code -Dfaults.tasks=N} (1,000 by default) and {@code -Dfaults.outages=N} (3) set the run's size,
 * {@code -Dfaults.outage-seconds=N} (3, at least 2) the length of each outage.
 */
class BrokerFaultTests {

	private static final int TASKS = Integer.getInteger("faults.tasks", 1_000);

	private static final int OUTAGES = Integer.getInteger("faults.outages", 3);

	private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("faults.outage-seconds", 3));

	private static final int PRODUCERS = 2;

	private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

	private static final Duration LATENCY = Duration.ofMillis(200);

	private static final Duration LATENCY_PHASE = Duration.ofSeconds(1);

	/** Receives in flight at most on a backlog: (concurrency 10 + prefetch 90) / 10 per receive. */
	private static final int RECEIVES_ON_A_BACKLOG = 10;

	/** Attempts of one SDK call by default: the call and 3 retries. */
	private static final int SDK_ATTEMPTS = 4;

	private static EmbeddedSqsBroker broker;

	private static SqsAsyncClient observer;

	private final String prefix = "faults" + UUID.randomUUID().toString().substring(0, 6) + "-";

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedSqsBroker("127.0.0.1", 0);
		observer = SqsAsyncClient.builder()
			.endpointOverride(broker.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@AfterAll
	static void stopBroker() {
		observer.close();
		broker.destroy();
	}

	@BeforeEach
	void captureLogs() {
		this.log.start();
		root().addAppender(this.log);
	}

	@AfterEach
	void stopCapturing() {
		root().detachAppender(this.log);
	}

	@Test
	void connectionsCutAndSlowedWhileProducingAndConsumingLoseNothingAndTheWorkerResumesByItself() throws Exception {
		try (FaultProxy proxy = new FaultProxy(broker.getEndpoint())) {
			worker(proxy).withBean(Work.class)
				.withPropertyValues("sqs-tasks.queues.work.concurrency=10",
						"sqs-tasks.queues.work.visibility-timeout=5s")
				.run((context) -> new Run(context.getBean(SqsTaskTemplate.class), context.getBean(Work.class),
						context.getBean(TaskListenerContainers.class),
						context.getBean(QueueResolver.class).physicalName("work"), proxy)
					.execute());
		}
	}

	@Test
	void aMessageWhoseDeadLetterSendFailsIsNotDeletedAndTheBrokersRedriveMovesIt() throws Exception {
		try (FaultProxy proxy = new FaultProxy(broker.getEndpoint())) {
			worker(proxy).withBean(Doomed.class, () -> new Doomed(proxy))
				.withPropertyValues("sqs-tasks.queues.doomed.dead-letter-queue=doomed_dead",
						"sqs-tasks.queues.doomed.max-receive-count=2", "sqs-tasks.queues.doomed.visibility-timeout=2s",
						"sqs-tasks.queues.doomed.backoff.initial=1s")
				.run((context) -> {
					Doomed doomed = context.getBean(Doomed.class);
					QueueResolver queues = context.getBean(QueueResolver.class);
					context.getBean(SqsTaskTemplate.class).addJob("doomed", "doomed", Map.of("id", 1));
					// The last attempt fails while the broker is unreachable: the dead-letter send fails with it.
					await().atMost(Duration.ofSeconds(20))
						.until(() -> events(Level.ERROR, "Could not move").size() == 1);
					proxy.restore();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> inQueue(queues.physicalName("doomed_dead")) == 1
								&& inQueue(queues.physicalName("doomed")) == 0);
					// The original stayed in its queue; on its next receive the queue's RedrivePolicy moved it, as
					// the broker does (without the library's FailureReason). Had it been deleted, it would be lost.
					String deadLetters = observer.getQueueUrl((r) -> r.queueName(queues.physicalName("doomed_dead")))
						.join()
						.queueUrl();
					Message moved = observer
						.receiveMessage((r) -> r.queueUrl(deadLetters).messageAttributeNames("All"))
						.join()
						.messages()
						.get(0);
					assertThat(moved.body()).isEqualTo("{\"id\":1}");
					assertThat(moved.messageAttributes()).doesNotContainKey(WireFormat.FAILURE_REASON);
					assertThat(doomed.attempts).containsExactly(1, 2);
					assertThat(events(Level.WARN, "Moved Task 'doomed'")).isEmpty();
				});
		}
	}

	private ApplicationContextRunner worker(FaultProxy proxy) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
					AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
					RegionProviderAutoConfiguration.class))
			.withPropertyValues("spring.cloud.aws.sqs.endpoint=" + proxy.endpoint(),
					"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
					"spring.cloud.aws.credentials.secret-key=x", "sqs-tasks.queue-prefix=" + this.prefix,
					"sqs-tasks.create-queues=true", "sqs-tasks.defaults.poll-timeout=1s",
					"sqs-tasks.listener.shutdown-timeout=10s");
	}

	private List<ILoggingEvent> events(Level level, String text) {
		return events().stream()
			.filter((event) -> event.getLevel() == level && event.getFormattedMessage().contains(text))
			.toList();
	}

	private List<ILoggingEvent> events() {
		// The appender adds events while holding its own lock.
		synchronized (this.log) {
			return List.copyOf(this.log.list);
		}
	}

	private static int inQueue(String queue) {
		String url = observer.getQueueUrl((r) -> r.queueName(queue)).join().queueUrl();
		Map<QueueAttributeName, String> counts = observer.getQueueAttributes((r) -> r.queueUrl(url)
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
					QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	/**
	 * Receive requests the worker may send during an outage: the receives in flight when it begins (one, or up to
	 * {@link #RECEIVES_ON_A_BACKLOG} while the worker catches up on a backlog), then one more after each back-off step
	 * of the library (1 s doubling up to 10 s) that ends within the outage, one for timing, each with the SDK's
	 * retries. Without a back-off, polls would follow each other as fast as the SDK's retries fail.
	 */
	private static int receiveBound(Duration outage) {
		return (RECEIVES_ON_A_BACKLOG + stepsCovering(outage)) * SDK_ATTEMPTS;
	}

	/**
	 * How soon after the broker is back the worker receives again: within the back-off step in progress when the
	 * outage ends (or the next, when a probe fails just before the end), plus the SDK's retries and a margin. Had the
	 * receives in flight at the start of the outage each counted as a step, a backlog's ten would take the back-off to
	 * 10 s at once (measured: resumed 8.5 s late).
	 */
	private static long resumeBoundMillis(Duration outage) {
		return backoff(stepsCovering(outage) + 1) + 2_000;
	}

	/**
	 * Back-off steps until their waits add up to the outage: the last is the one in progress when it ends.
	 */
	private static int stepsCovering(Duration outage) {
		long waited = 0;
		int step = 0;
		while (waited < outage.toMillis()) {
			step++;
			waited += backoff(step);
		}
		return step;
	}

	private static long backoff(int step) {
		return Math.min(1000L << Math.min(step - 1, 4), 10_000);
	}

	/**
	 * One run: producer threads send ids 0..TASKS-1 one by one while this thread slows the connection, then cuts it,
	 * OUTAGES times.
	 */
	private final class Run {

		private final SqsTaskTemplate tasks;

		private final Work work;

		private final TaskListenerContainers containers;

		private final String queue;

		private final FaultProxy proxy;

		private final Set<Integer> sent = ConcurrentHashMap.newKeySet();

		private final Set<Integer> failed = ConcurrentHashMap.newKeySet();

		private final AtomicInteger next = new AtomicInteger();

		/** Ids from here on wait: keeps producers from finishing before the last outage on a fast machine. */
		private volatile int limit;

		private final AtomicLong slowestFailureMillis = new AtomicLong();

		private final List<Integer> receivesPerOutage = new ArrayList<>();

		private final List<Integer> droppedPerOutage = new ArrayList<>();

		private final List<Long> resumeMillis = new ArrayList<>();

		Run(SqsTaskTemplate tasks, Work work, TaskListenerContainers containers, String queue, FaultProxy proxy) {
			this.tasks = tasks;
			this.work = work;
			this.containers = containers;
			this.queue = queue;
			this.proxy = proxy;
		}

		void execute() throws InterruptedException {
			long start = System.nanoTime();
			List<Thread> producers = new ArrayList<>();
			for (int i = 0; i < PRODUCERS; i++) {
				producers.add(new Thread(this::produce, "producer-" + i));
			}
			producers.forEach(Thread::start);
			int interval = TASKS / (OUTAGES + 1);
			this.limit = interval + interval / 2;
			int firstAfterLastRestore = 0;
			for (int outage = 1; outage <= OUTAGES; outage++) {
				awaitAttempted(outage * interval - interval / 2);
				this.proxy.delay(LATENCY);
				Thread.sleep(LATENCY_PHASE.toMillis());
				this.proxy.delay(Duration.ZERO);
				awaitAttempted(outage * interval);
				int receives = this.proxy.droppedRequests("ReceiveMessage");
				int dropped = this.proxy.dropped();
				this.proxy.cut();
				Thread.sleep(OUTAGE.toMillis());
				this.proxy.restore();
				long restored = System.nanoTime();
				firstAfterLastRestore = this.next.get();
				this.limit = (outage == OUTAGES) ? TASKS : (outage + 1) * interval + interval / 2;
				this.receivesPerOutage.add(this.proxy.droppedRequests("ReceiveMessage") - receives);
				this.droppedPerOutage.add(this.proxy.dropped() - dropped);
				// The worker resumes by itself: a poll succeeds again, and says so, before the next fault.
				int resumed = outage;
				await().atMost(Duration.ofSeconds(30)).until(() -> resumedEvents().size() == resumed);
				this.resumeMillis.add((System.nanoTime() - restored) / 1_000_000);
			}
			for (Thread producer : producers) {
				producer.join();
			}
			boolean drained = awaitDrained();
			long millis = (System.nanoTime() - start) / 1_000_000;

			int completions = this.work.done.values().stream().mapToInt(AtomicInteger::get).sum();
			long failedButDone = this.failed.stream().filter(this.work.done::containsKey).count();
			List<Integer> lost = this.sent.stream().filter((id) -> !this.work.done.containsKey(id)).sorted().toList();
			int last = firstAfterLastRestore;
			List<Integer> sentAfterLastRestore = this.sent.stream().filter((id) -> id >= last).toList();
			System.out.printf("Broker faults: %d tasks, %d outages of %d s, %d delays of %d ms; addJob returned %d, "
					+ "threw %d (%d of those done anyway; slowest failure %d ms); lost %d; %d duplicates; receive "
					+ "requests per outage %s (bound %d); worker resumed %s ms after each restore (bound %d); %d connections, "
					+ "dropped per outage %s; requests dropped %s; %d ms%n", TASKS, this.proxy.cuts(),
					OUTAGE.toSeconds(), this.proxy.delays(), LATENCY.toMillis(), this.sent.size(), this.failed.size(),
					failedButDone, this.slowestFailureMillis.get(), lost.size(), completions - this.work.done.size(),
					this.receivesPerOutage, receiveBound(OUTAGE), this.resumeMillis, resumeBoundMillis(OUTAGE),
					this.proxy.connections(),
					this.droppedPerOutage, this.proxy.droppedRequests(), millis);

			// Nothing whose addJob returned is lost, and nothing was done that was not produced.
			assertThat(lost).isEmpty();
			assertThat(drained).isTrue();
			assertThat(this.work.done.keySet()).allMatch((id) -> this.sent.contains(id) || this.failed.contains(id));
			assertThat(this.sent.size() + this.failed.size()).isEqualTo(TASKS);
			// The worker resumed by itself: what was sent after the last outage was done, nothing was restarted.
			assertThat(sentAfterLastRestore).isNotEmpty().allMatch(this.work.done::containsKey);
			// Each outage: one WARN naming the queue when polls start failing, one INFO when they succeed again.
			List<ILoggingEvent> down = events(Level.WARN, "Cannot receive messages from queue '" + this.queue + "'");
			assertThat(down).hasSize(OUTAGES).allMatch((event) -> event.getThrowableProxy() == null);
			assertThat(resumedEvents()).hasSize(OUTAGES);
			assertThat(events()).noneMatch((event) -> event.getLevel() == Level.ERROR
					&& event.getLoggerName().startsWith("io.awspring"));
			// Backed off: receive attempts during each outage stay within the back-off schedule.
			assertThat(this.receivesPerOutage).hasSize(OUTAGES).allMatch((count) -> count <= receiveBound(OUTAGE));
			assertThat(this.resumeMillis).allMatch((resumed) -> resumed <= resumeBoundMillis(OUTAGE));
		}

		private void produce() {
			int id;
			while ((id = this.next.getAndIncrement()) < TASKS) {
				while (id >= this.limit) {
					pause();
				}
				long start = System.nanoTime();
				try {
					this.tasks.addJob("work", "work", Map.of("id", id));
					this.sent.add(id);
				}
				catch (JobSendException ex) {
					this.failed.add(id);
					this.slowestFailureMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
					// Once the SDK's retry quota is spent, sends fail at once: pause, as a real producer would.
					pause();
				}
			}
		}

		private static void pause() {
			try {
				Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/**
		 * Waits until every task whose addJob returned is done and the queue is empty; a timeout is reported by the
		 * assertions that follow, after the run's figures.
		 */
		private boolean awaitDrained() {
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> this.work.done.keySet().containsAll(this.sent));
				await().atMost(Duration.ofSeconds(60))
					.until(() -> inQueue(this.queue) == 0 && this.containers.unfinishedMessages() == 0);
				return true;
			}
			catch (ConditionTimeoutException ex) {
				return false;
			}
		}

		private List<ILoggingEvent> resumedEvents() {
			return events(Level.INFO, "Receiving messages from queue '" + this.queue + "' again");
		}

		private void awaitAttempted(int count) {
			await().atMost(Duration.ofSeconds(120)).until(() -> this.next.get() >= count);
		}

	}

	/**
	 * The handler of the main run: a little work, then the id is counted.
	 */
	static class Work {

		final Map<Integer, AtomicInteger> done = new ConcurrentHashMap<>();

		@SqsTask(queue = "work")
		void work(int id) throws InterruptedException {
			Thread.sleep(5);
			this.done.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

	/**
	 * A handler that always fails, and cuts the broker off just before its last attempt fails.
	 */
	static class Doomed {

		final List<Integer> attempts = new CopyOnWriteArrayList<>();

		private final FaultProxy proxy;

		private final AtomicBoolean cut = new AtomicBoolean();

		Doomed(FaultProxy proxy) {
			this.proxy = proxy;
		}

		@SqsTask(queue = "doomed")
		void doomed(int id, TaskMessage message) {
			this.attempts.add(message.receiveCount());
			if (message.receiveCount() == 2 && this.cut.compareAndSet(false, true)) {
				this.proxy.cut();
			}
			throw new IllegalStateException("Task " + id + " fails");
		}

	}

}
