package io.github.sqstasks.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.reliability.ChaosSchedule.Fault;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.awaitility.Awaitility.await;

/**
 * A chaos run: {@value #WORKERS} worker JVMs ({@link ChaosWorker}) and producers in this JVM share one ElasticMQ
 * through a {@link FaultProxy}, on a standard queue and a FIFO queue of many groups, both with a dead-letter queue,
 * while a schedule drawn from a seed ({@link ChaosSchedule}) kills workers with SIGKILL and restarts them, stops them
 * with SIGTERM and restarts them, cuts the broker off for 1 to 5 s, slows it down, sends tasks whose handlers outlast
 * the visibility timeout and a burst of poison messages. Handlers follow the soak test's mix of outcomes. At the end
 * every task is accounted for ({@link ChaosCheck}).
 *
 * <p>The default build runs a short run (3,000 + 600 tasks, one fault of each kind and two outages); the
 * {@code reliability} profile a full one: {@code -Dchaos.tasks=100000 -Dchaos.fifo-tasks=20000 -Dchaos.fifo-groups=400
 * -Dchaos.kills=4 -Dchaos.terms=2 -Dchaos.outages=4 -Dchaos.latency-phases=3 -Dchaos.poison=300}. The seed
 * ({@code -Dchaos.seed}, 21 by default) and the schedule are printed first.
 */
class ChaosTests {

	static final int WORKERS = 3;

	private static final long SEED = Long.getLong("chaos.seed", 21);

	static final int TASKS = Integer.getInteger("chaos.tasks", 3_000);

	static final int FIFO_TASKS = Integer.getInteger("chaos.fifo-tasks", 600);

	static final int FIFO_GROUPS = Integer.getInteger("chaos.fifo-groups", 30);

	private static final int KILLS = Integer.getInteger("chaos.kills", 1);

	private static final int TERMS = Integer.getInteger("chaos.terms", 1);

	private static final int OUTAGES = Integer.getInteger("chaos.outages", 2);

	private static final int LATENCY_PHASES = Integer.getInteger("chaos.latency-phases", 1);

	private static final int POISON = Integer.getInteger("chaos.poison", 50);

	static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(6);

	private static final int PRODUCERS = 2;

	private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

	private static EmbeddedSqsBroker broker;

	private static SqsAsyncClient observer;

	@TempDir
	Path dir;

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

	@Test
	void aFleetKilledRestartedAndCutOffAccountsForEveryTask() throws Exception {
		ChaosSchedule schedule = ChaosSchedule.draw(SEED, WORKERS, KILLS, TERMS, OUTAGES, LATENCY_PHASES, POISON,
				VISIBILITY_TIMEOUT.toMillis());
		System.out.printf("Chaos run: %,d tasks on a standard queue, %,d on a FIFO queue (%d groups), %d workers; "
				+ "replay with -Dchaos.seed=%d; schedule %s%n", TASKS, FIFO_TASKS, FIFO_GROUPS, WORKERS, SEED,
				schedule);
		String prefix = "chaos" + UUID.randomUUID().toString().substring(0, 6) + "-";
		// -Dchaos.dir keeps the workers' journals and logs for a look after the run.
		Path dir = (System.getProperty("chaos.dir") != null)
				? Files.createDirectories(Path.of(System.getProperty("chaos.dir"), prefix)) : this.dir;
		Queues queues = Queues.create(observer, prefix);
		try (FaultProxy proxy = new FaultProxy(broker.getEndpoint());
				ChaosFleet fleet = new ChaosFleet(WORKERS, dir, proxy.endpoint().toString(), prefix,
						workerArguments())) {
			producer(proxy, prefix).run((context) -> new Run(schedule, context.getBean(SqsTaskTemplate.class), proxy,
					fleet, queues).execute());
		}
	}

	private static List<String> workerArguments() {
		List<String> arguments = new ArrayList<>();
		for (String queue : List.of("chaos", "[chaos.fifo]")) {
			String key = "--sqs-tasks.queues" + (queue.startsWith("[") ? "" : ".") + queue + ".";
			arguments.add(key + "concurrency=10");
			arguments.add(key + "visibility-timeout=" + VISIBILITY_TIMEOUT.toSeconds() + "s");
			arguments.add(key + "max-receive-count=" + ChaosWorker.MAX_RECEIVE_COUNT);
			arguments.add(key + "backoff.initial=1s");
			arguments.add(key + "backoff.multiplier=1.0");
			arguments.add(key + "backoff.jitter=false");
		}
		arguments.add("--sqs-tasks.queues.chaos.dead-letter-queue=chaos_dead");
		arguments.add("--sqs-tasks.queues[chaos.fifo].dead-letter-queue=chaos_dead.fifo");
		// Thousands of expected failures, each logged with its stack trace, would only fill the workers' logs.
		arguments.add("--logging.level.io.github.sqstasks.listener.FailureHandler=OFF");
		return arguments;
	}

	private static ApplicationContextRunner producer(FaultProxy proxy, String prefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
					AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
					RegionProviderAutoConfiguration.class))
			.withPropertyValues("spring.cloud.aws.sqs.endpoint=" + proxy.endpoint(),
					"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
					"spring.cloud.aws.credentials.secret-key=x", "sqs-tasks.queue-prefix=" + prefix,
					"sqs-tasks.create-queues=false", "sqs-tasks.embedded-broker.enabled=false");
	}

	/**
	 * One run: producers send while this thread injects the schedule's faults, each after a share of the tasks has
	 * been attempted, so that every fault meets a backlog; then the queues drain and the fleet stops.
	 */
	private static final class Run {

		private final ChaosSchedule schedule;

		private final SqsTaskTemplate tasks;

		private final FaultProxy proxy;

		private final ChaosFleet fleet;

		private final Queues queues;

		private final Set<Integer> sent = ConcurrentHashMap.newKeySet();

		private final Set<Integer> failed = ConcurrentHashMap.newKeySet();

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicInteger fifoSent = new AtomicInteger();

		private final AtomicInteger fifoResends = new AtomicInteger();

		private final AtomicInteger slowFifoLeft = new AtomicInteger();

		private volatile long slowMillis;

		private volatile int limit;

		private volatile int fifoLimit;

		private final List<long[]> outages = new ArrayList<>();

		private int slowTasks;

		private int poison;

		Run(ChaosSchedule schedule, SqsTaskTemplate tasks, FaultProxy proxy, ChaosFleet fleet, Queues queues) {
			this.schedule = schedule;
			this.tasks = tasks;
			this.proxy = proxy;
			this.fleet = fleet;
			this.queues = queues;
		}

		void execute() throws Exception {
			long start = System.nanoTime();
			this.fleet.startAll();
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(this.fleet::allReceiving);
			List<Thread> producers = new ArrayList<>();
			for (int i = 0; i < PRODUCERS; i++) {
				producers.add(daemon(this::produce, "producer-" + i));
			}
			producers.add(daemon(this::produceFifo, "producer-fifo"));
			List<Fault> faults = this.schedule.faults();
			for (int i = 0; i < faults.size(); i++) {
				int share = faults.size() + 1;
				this.limit = (int) ((long) TASKS * (i + 1) / share);
				this.fifoLimit = (int) ((long) FIFO_TASKS * (i + 1) / share);
				if (i == 0) {
					producers.forEach(Thread::start);
				}
				// Half of this share attempted: production goes on during the fault, with a backlog to meet it.
				int half = (int) ((long) TASKS * (2 * i + 1) / (2L * share));
				int fifoHalf = (int) ((long) FIFO_TASKS * (2 * i + 1) / (2L * share));
				await().atMost(Duration.ofMinutes(10))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> attempted() >= half && this.fifoSent.get() >= fifoHalf);
				Thread.sleep(faults.get(i).pauseMillis());
				System.out.printf("Chaos: %s (%,d + %,d tasks attempted, %.1f s into the run)%n", faults.get(i),
						attempted(), this.fifoSent.get(), (System.nanoTime() - start) / 1e9);
				inject(faults.get(i));
			}
			this.limit = TASKS;
			this.fifoLimit = FIFO_TASKS;
			for (Thread producer : producers) {
				producer.join();
			}
			boolean drained = awaitDrained();
			this.fleet.terminateAll();
			double seconds = (System.nanoTime() - start) / 1e9;
			new ChaosCheck(this.schedule, this.fleet, this.queues.deadLetters(observer), this.sent, this.failed,
					this.slowTasks, this.poison, this.outages, drained, seconds, this.fifoResends.get())
				.verify();
		}

		private int attempted() {
			return this.sent.size() + this.failed.size();
		}

		private void inject(Fault fault) throws Exception {
			this.fleet.superviseExited(true);
			switch (fault.kind()) {
				case KILL -> this.fleet.killAndRestart(fault.worker());
				case TERM -> this.fleet.terminateAndRestart(fault.worker());
				case OUTAGE -> {
					long cut = System.currentTimeMillis();
					this.proxy.cut();
					Thread.sleep(fault.millis());
					this.proxy.restore();
					this.outages.add(new long[] { cut, System.currentTimeMillis() });
				}
				case LATENCY -> {
					this.proxy.delay(Duration.ofMillis(fault.amount()));
					Thread.sleep(fault.millis());
					this.proxy.delay(Duration.ZERO);
				}
				case SLOW -> {
					this.slowMillis = fault.millis();
					this.slowFifoLeft.set(fault.amount());
					for (int i = 0; i < fault.amount(); i++) {
						int id = TASKS + i;
						send(id, (int) fault.millis());
					}
					this.slowTasks = fault.amount();
				}
				case POISON -> {
					this.queues.sendPoison(observer, fault.amount());
					this.poison = fault.amount();
				}
			}
		}

		private void produce() {
			int id;
			while ((id = this.next.getAndIncrement()) < TASKS) {
				while (id >= this.limit) {
					pause();
				}
				if (!send(id, 0)) {
					// Once the SDK's retry quota is spent, sends fail at once: pause, as a real producer would.
					pause();
				}
			}
		}

		/** Sends a standard task; when addJob throws, the task may or may not have been enqueued. */
		private boolean send(int id, int sleep) {
			try {
				this.tasks.addJob("chaos", "work", Map.of("id", id, "sleep", sleep));
				this.sent.add(id);
				return true;
			}
			catch (JobSendException ex) {
				this.failed.add(id);
				return false;
			}
		}

		/**
		 * Sends the FIFO tasks one group after the other for each index, so that the groups interleave; a send that
		 * throws is sent again with the same deduplication id until it returns, which keeps each group's order and
		 * sends every task once.
		 */
		private void produceFifo() {
			int perGroup = FIFO_TASKS / FIFO_GROUPS;
			for (int index = 0; index < perGroup; index++) {
				for (int group = 0; group < FIFO_GROUPS; group++) {
					int id = index * FIFO_GROUPS + group;
					while (id >= this.fifoLimit) {
						pause();
					}
					int sleep = (this.slowFifoLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0)
							? (int) this.slowMillis : 0;
					Map<String, Object> arguments = Map.of("id", id, "group", group, "index", index, "sleep", sleep);
					JobOptions options = JobOptions.defaults().groupId("g" + group).deduplicationId("m" + id);
					while (true) {
						try {
							this.tasks.addJob("chaos.fifo", "step", arguments, options);
							break;
						}
						catch (JobSendException ex) {
							this.fifoResends.incrementAndGet();
							pause();
						}
					}
					this.fifoSent.incrementAndGet();
				}
			}
		}

		/** Waits until both queues are empty twice in a row; false (reported after the figures) on a timeout. */
		private boolean awaitDrained() {
			try {
				AtomicInteger empty = new AtomicInteger();
				await().atMost(Duration.ofMinutes(Integer.getInteger("chaos.drain-minutes", 3)))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> (this.queues.inQueue(observer) == 0) ? empty.incrementAndGet() >= 2
							: empty.getAndSet(0) < 0);
				return true;
			}
			catch (ConditionTimeoutException ex) {
				return false;
			}
		}

		private static Thread daemon(Runnable runnable, String name) {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		}

		private static void pause() {
			try {
				Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * The run's queues, created up front with their dead-letter queues and a RedrivePolicy of
	 * {@link ChaosWorker#MAX_RECEIVE_COUNT}, as a deployment would have them.
	 */
	record Queues(String standard, String fifo, String standardDead, String fifoDead) {

		static Queues create(SqsAsyncClient sqs, String prefix) {
			String standardDead = create(sqs, prefix + "chaos_dead", Map.of());
			String fifoDead = create(sqs, prefix + "chaos_dead.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
			String standard = create(sqs, prefix + "chaos",
					Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(sqs, standardDead)));
			String fifo = create(sqs, prefix + "chaos.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
					QueueAttributeName.REDRIVE_POLICY, redrivePolicy(sqs, fifoDead)));
			return new Queues(standard, fifo, standardDead, fifoDead);
		}

		private static String create(SqsAsyncClient sqs, String name, Map<QueueAttributeName, String> attributes) {
			return sqs.createQueue((r) -> r.queueName(name).attributes(attributes)).join().queueUrl();
		}

		private static String redrivePolicy(SqsAsyncClient sqs, String deadLetterUrl) {
			String arn = sqs.getQueueAttributes(
					(r) -> r.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				.join()
				.attributes()
				.get(QueueAttributeName.QUEUE_ARN);
			return "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + ChaosWorker.MAX_RECEIVE_COUNT
					+ "\"}";
		}

		/** Messages in both queues: visible, in flight, delayed. */
		int inQueue(SqsAsyncClient sqs) {
			return count(sqs, this.standard) + count(sqs, this.fifo);
		}

		private static int count(SqsAsyncClient sqs, String url) {
			return sqs.getQueueAttributes((r) -> r.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
				.join()
				.attributes()
				.values()
				.stream()
				.mapToInt(Integer::parseInt)
				.sum();
		}

		/** Sends poison messages (bodies that are not JSON) straight to the broker, in batches of 10. */
		void sendPoison(SqsAsyncClient sqs, int count) {
			Map<String, MessageAttributeValue> attributes = Map.of("JobName",
					MessageAttributeValue.builder().dataType("String").stringValue("work").build(), "ContentType",
					MessageAttributeValue.builder().dataType("String").stringValue("json").build());
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int n = 0; n < count; n++) {
				entries.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(entries.size()))
					.messageBody("poison " + n + " {\"id\":")
					.messageAttributes(attributes)
					.build());
				if (entries.size() == 10 || n == count - 1) {
					List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
					sqs.sendMessageBatch((r) -> r.queueUrl(this.standard).entries(batch)).join();
					entries.clear();
				}
			}
		}

		/** Reads and deletes everything in both dead-letter queues. */
		ChaosCheck.DeadLetters deadLetters(SqsAsyncClient sqs) {
			return ChaosCheck.DeadLetters.drain(sqs, this.standardDead, this.fifoDead);
		}

	}

}
