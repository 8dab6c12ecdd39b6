package io.github.sqstasks.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.EmbeddedSqsBrokerAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak: {@code -Dsoak.tasks=N} tasks (5,000 by default, 100,000 with the {@code reliability} Maven profile) through
 * one queue with a dead-letter queue, on a worker context with the embedded ElasticMQ. What becomes of each task is a
 * function of its id ({@link Outcome}): most succeed at once, some are slow, some ask to be retried, some throw once,
 * some always throw, some refuse with {@code DoNotRetry}. At the end every id is accounted for exactly once (succeeded,
 * or read back from the dead-letter queue with its reason), every handler ran exactly as often as its outcome says,
 * the outcome counters are exact, and the heap, sampled after a full GC at ten quiet points of the run, has not grown.
 *
 * <p>The producer ({@code SqsTaskTemplate.batch()}) keeps at most {@value #BACKLOG} unfinished tasks ahead of the
 * worker and, at each tenth of the run, waits until everything sent is finished and drains the dead-letter queue, so
 * that each heap sample is taken in the same state (nothing queued, nothing in flight) and only memory kept per
 * handled task can make it grow. The queue's visibility timeout (10 minutes) outlasts the run: a message the worker
 * neither deleted nor put back would show as a missing id, not as a redelivery, and anything kept per message until
 * its visibility timeout would show in the heap samples (a stopped visibility heartbeat did, see
 * {@code VisibilityHeartbeatSchedulingTests}).
 */
class SoakTests {

	private static final int TASKS = Integer.getInteger("soak.tasks", 5_000);

	private static final int SAMPLES = 10;

	private static final int CHUNK = 500;

	private static final int BACKLOG = 2_000;

	private static final int MAX_RECEIVE_COUNT = 3;

	private static final String FAILURE_LOGGER = "io.github.sqstasks.listener.FailureHandler";

	/** Growth allowed from the early to the late heap samples whatever the run's size (seen: within 0.3 MiB). */
	private static final long HEAP_NOISE = 2L * 1024 * 1024;

	/**
	 * Growth allowed per task between those samples: below what keeping anything per message costs (a cancelled
	 * scheduled task, 75 bytes; a message id in a map, about 130), so that the 100,000-task run catches it.
	 */
	private static final long HEAP_BYTES_PER_TASK = 16;

	private LoggingSystem logging;

	private @Nullable LogLevel failureLogLevel;

	@BeforeEach
	void quietFailureLog() {
		// Thousands of expected failures, each logged with its stack trace, would only fill the test's output file.
		this.logging = LoggingSystem.get(getClass().getClassLoader());
		LoggerConfiguration configuration = this.logging.getLoggerConfiguration(FAILURE_LOGGER);
		this.failureLogLevel = (configuration != null) ? configuration.getConfiguredLevel() : null;
		this.logging.setLogLevel(FAILURE_LOGGER, LogLevel.OFF);
	}

	@AfterEach
	void restoreFailureLog() {
		this.logging.setLogLevel(FAILURE_LOGGER, this.failureLogLevel);
	}

	@Test
	void everyTaskSucceedsOrIsDeadLetteredExactlyAsExpectedAndTheHeapStaysFlat() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EmbeddedSqsBrokerAutoConfiguration.class,
					SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(Handler.class, () -> new Handler(TASKS))
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.defaults.poll-timeout=1s",
					"sqs-tasks.queues.soak.dead-letter-queue=soak_dead",
					"sqs-tasks.queues.soak.max-receive-count=" + MAX_RECEIVE_COUNT,
					"sqs-tasks.queues.soak.concurrency=50", "sqs-tasks.queues.soak.visibility-timeout=10m",
					"sqs-tasks.queues.soak.backoff.initial=1s", "sqs-tasks.queues.soak.backoff.multiplier=1.0")
			.run((context) -> new Run(context).soak());
	}

	/**
	 * What a task does, chosen by a hash of its id so that the kinds are spread through the run; the counts of each
	 * kind, and so every expected figure, follow from the number of tasks.
	 */
	enum Outcome {

		/** Returns at once. */
		SUCCEED(1, true),

		/** Sleeps 20 to 200 ms, then returns. */
		SLOW(1, true),

		/** {@code RetryLater(Duration.ZERO)} on its first attempt, then returns. */
		RETRY_AT_ONCE(2, true),

		/** {@code RetryLater(1 s)} on its first two attempts, then returns. */
		RETRY_IN_ONE_SECOND(3, true),

		/** Throws a runtime exception (of a kind drawn from its id) on its first attempt, then returns. */
		THROW_ONCE(2, true),

		/** Always throws: dead-lettered after max-receive-count attempts. */
		ALWAYS_THROW(MAX_RECEIVE_COUNT, false),

		/** Throws {@code DoNotRetry}: dead-lettered at once. */
		DO_NOT_RETRY(1, false);

		final int attempts;

		final boolean succeeds;

		Outcome(int attempts, boolean succeeds) {
			this.attempts = attempts;
			this.succeeds = succeeds;
		}

		/** Attempts that end in a retry: all but the last. */
		int retries() {
			return this.attempts - 1;
		}

		static Outcome of(int id) {
			int bucket = Math.floorMod(hash(id), 1000);
			if (bucket < 10) {
				return SLOW;
			}
			if (bucket < 30) {
				return RETRY_AT_ONCE;
			}
			if (bucket < 40) {
				return RETRY_IN_ONE_SECOND;
			}
			if (bucket < 70) {
				return THROW_ONCE;
			}
			if (bucket < 75) {
				return ALWAYS_THROW;
			}
			if (bucket < 80) {
				return DO_NOT_RETRY;
			}
			return SUCCEED;
		}

		/** The reason the dead-letter queue should give for a task that ends there. */
		static String deadLetterReason(int id) {
			return (of(id) == ALWAYS_THROW)
					? "java.lang.IllegalStateException: task " + id + " always fails (after " + MAX_RECEIVE_COUNT
							+ " attempts)"
					: "DoNotRetry: task " + id + " is refused";
		}

	}

	/** MurmurHash3's finalizer: spreads consecutive ids over all buckets. */
	static int hash(int id) {
		int h = id;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

	/**
	 * The worker's only handler. Counters are arrays indexed by id, allocated before the run, so that the test's own
	 * bookkeeping does not grow the heap it measures.
	 */
	static class Handler {

		final AtomicIntegerArray invocations;

		final AtomicIntegerArray successes;

		Handler(int tasks) {
			this.invocations = new AtomicIntegerArray(tasks);
			this.successes = new AtomicIntegerArray(tasks);
		}

		@SqsTask(queue = "soak", name = "work")
		void work(int id, TaskMessage message) throws InterruptedException {
			this.invocations.incrementAndGet(id);
			int attempt = message.receiveCount();
			switch (Outcome.of(id)) {
				case SLOW -> Thread.sleep(20 + Math.floorMod(hash(id) >>> 10, 181));
				case RETRY_AT_ONCE -> {
					if (attempt < 2) {
						throw new RetryLater(Duration.ZERO);
					}
				}
				case RETRY_IN_ONE_SECOND -> {
					if (attempt < 3) {
						throw new RetryLater(Duration.ofSeconds(1));
					}
				}
				case THROW_ONCE -> {
					if (attempt < 2) {
						throw exception(id);
					}
				}
				case ALWAYS_THROW -> throw new IllegalStateException("task " + id + " always fails");
				case DO_NOT_RETRY -> throw new DoNotRetry("task " + id + " is refused");
				default -> {
				}
			}
			this.successes.incrementAndGet(id);
		}

		private static RuntimeException exception(int id) {
			return switch (Math.floorMod(hash(id) >>> 20, 4)) {
				case 0 -> new IllegalStateException("task " + id + " failed once");
				case 1 -> new IllegalArgumentException("task " + id + " failed once");
				case 2 -> new UnsupportedOperationException("task " + id + " failed once");
				default -> new ArithmeticException("task " + id + " failed once");
			};
		}

	}

	/**
	 * One soak run against a started worker context.
	 */
	private final class Run {

		private final SqsTaskTemplate tasks;

		private final TaskCounters counters;

		private final TaskListenerContainers containers;

		private final Handler handler;

		private final SqsAsyncClient sqs;

		private final String queueUrl;

		private final String deadLetterUrl;

		private final ObjectMapper json = new ObjectMapper();

		/** How often each id was read from the dead-letter queue. */
		private final int[] deadLettered = new int[TASKS];

		private final List<String> wrongDeadLetters = new ArrayList<>();

		private final long[] heap = new long[SAMPLES + 1];

		private final int[] heapAt = new int[SAMPLES + 1];

		private final double[] heapSeconds = new double[SAMPLES + 1];

		private volatile int sent;

		Run(ConfigurableApplicationContext context) {
			this.tasks = context.getBean(SqsTaskTemplate.class);
			this.counters = context.getBean(TaskCounters.class);
			this.containers = context.getBean(TaskListenerContainers.class);
			this.handler = context.getBean(Handler.class);
			this.sqs = context.getBean(SqsAsyncClient.class);
			this.queueUrl = context.getBean(QueueResolver.class).url("soak");
			this.deadLetterUrl = context.getBean(QueueResolver.class).url("soak_dead");
		}

		void soak() {
			long start = System.nanoTime();
			this.heap[0] = usedHeapAfterGc();
			for (int sample = 1; sample <= SAMPLES; sample++) {
				int end = (int) ((long) TASKS * sample / SAMPLES);
				while (this.sent < end) {
					int from = this.sent;
					int to = Math.min(end, from + CHUNK);
					awaitWorker("the backlog to go down", () -> from - finished() <= BACKLOG - (to - from));
					try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
						for (int id = from; id < to; id++) {
							this.tasks.addJob("soak", "work", Map.of("id", id));
						}
					}
					this.sent = to;
				}
				awaitQuiet();
				drainDeadLetters();
				this.heap[sample] = usedHeapAfterGc();
				this.heapAt[sample] = this.sent;
				this.heapSeconds[sample] = (System.nanoTime() - start) / 1e9;
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			report(seconds);
			check();
		}

		/** Messages the worker is done with: succeeded or dead-lettered. */
		private long finished() {
			return this.counters.count("soak", "work", TaskOutcome.SUCCEEDED)
					+ this.counters.count("soak", "work", TaskOutcome.DEAD_LETTERED)
					+ this.counters.count("soak", "work", TaskOutcome.FAILED);
		}

		/** Waits until every sent task is finished, its delete confirmed, and the queue is empty. */
		private void awaitQuiet() {
			awaitWorker("all " + this.sent + " tasks sent so far to finish",
					() -> finished() >= this.sent && this.containers.unfinishedMessages() == 0 && inQueue() == 0);
		}

		private void awaitWorker(String what, Callable<Boolean> condition) {
			try {
				await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(2)).until(condition);
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("Timed out waiting for " + what + ": " + finished() + " finished, "
						+ this.containers.unfinishedMessages() + " unfinished in the worker, " + inQueue()
						+ " in the queue; first ids sent and not finished: " + ids((id) -> id < this.sent
								&& (Outcome.of(id).succeeds ? this.handler.successes.get(id) == 0
										: this.handler.invocations.get(id) < Outcome.of(id).attempts)),
						ex);
			}
		}

		private int inQueue() {
			Map<QueueAttributeName, String> counts = this.sqs.getQueueAttributes((r) -> r.queueUrl(this.queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
				.join()
				.attributes();
			return counts.values().stream().mapToInt(Integer::parseInt).sum();
		}

		/** Reads every message in the dead-letter queue, records its id and checks its reason, and deletes it. */
		private void drainDeadLetters() {
			while (true) {
				List<Message> messages = this.sqs.receiveMessage((r) -> r.queueUrl(this.deadLetterUrl)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(0)
					.visibilityTimeout(60)
					.messageAttributeNames("All")).join().messages();
				if (messages.isEmpty()) {
					return;
				}
				List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
				for (Message message : messages) {
					record(message);
					deletes.add(DeleteMessageBatchRequestEntry.builder()
						.id(Integer.toString(deletes.size()))
						.receiptHandle(message.receiptHandle())
						.build());
				}
				assertThat(this.sqs.deleteMessageBatch((r) -> r.queueUrl(this.deadLetterUrl).entries(deletes))
					.join()
					.failed()).isEmpty();
			}
		}

		private void record(Message message) {
			int id;
			try {
				id = this.json.readTree(message.body()).get("id").asInt(-1);
			}
			catch (Exception ex) {
				id = -1;
			}
			if (id < 0 || id >= TASKS) {
				this.wrongDeadLetters.add("unexpected body " + message.body());
				return;
			}
			this.deadLettered[id]++;
			String task = attribute(message, "JobName");
			String reason = attribute(message, "FailureReason");
			if (Outcome.of(id).succeeds || !"work".equals(task) || !Outcome.deadLetterReason(id).equals(reason)) {
				this.wrongDeadLetters.add(id + " (" + Outcome.of(id) + ", task " + task + "): " + reason);
			}
		}

		private void report(double seconds) {
			Map<Outcome, Integer> kinds = new EnumMap<>(Outcome.class);
			IntStream.range(0, TASKS).forEach((id) -> kinds.merge(Outcome.of(id), 1, Integer::sum));
			StringBuilder samples = new StringBuilder();
			for (int i = 0; i <= SAMPLES; i++) {
				samples.append(String.format("%n  after %,7d tasks (%5.1f s): %,6.1f MiB", this.heapAt[i],
						this.heapSeconds[i], this.heap[i] / (1024.0 * 1024)));
			}
			System.out.printf("Soak: %,d tasks in %.1f s (%,.0f tasks/s); kinds %s; succeeded %,d, retried %,d, "
					+ "dead-lettered %,d (read back %,d), failed %,d; handler invocations %,d, %d beyond the "
					+ "expected; heap used after GC:%s%n", TASKS, seconds, TASKS / seconds, kinds,
					count(TaskOutcome.SUCCEEDED), count(TaskOutcome.RETRIED), count(TaskOutcome.DEAD_LETTERED),
					IntStream.of(this.deadLettered).sum(), count(TaskOutcome.FAILED), invocations(),
					invocations() - expectedInvocations(), samples);
		}

		private void check() {
			assertThat(ids((id) -> Outcome.of(id).succeeds && this.handler.successes.get(id) != 1))
				.as("ids expected to succeed once that did not").isEmpty();
			assertThat(ids((id) -> !Outcome.of(id).succeeds && this.handler.successes.get(id) != 0))
				.as("ids expected to fail that succeeded").isEmpty();
			assertThat(ids((id) -> !Outcome.of(id).succeeds && this.deadLettered[id] != 1))
				.as("ids expected once in the dead-letter queue that were not").isEmpty();
			assertThat(ids((id) -> Outcome.of(id).succeeds && this.deadLettered[id] != 0))
				.as("ids that succeeded and were dead-lettered too").isEmpty();
			assertThat(this.wrongDeadLetters).as("dead-lettered messages with a wrong id, task or reason").isEmpty();
			assertThat(ids((id) -> this.handler.invocations.get(id) != Outcome.of(id).attempts))
				.as("ids whose handler ran more or fewer times than their outcome takes").isEmpty();
			assertThat(inQueue()).as("messages left in the queue").isZero();

			assertThat(count(TaskOutcome.SUCCEEDED)).isEqualTo(expected((outcome) -> outcome.succeeds ? 1 : 0));
			assertThat(count(TaskOutcome.DEAD_LETTERED)).isEqualTo(expected((outcome) -> outcome.succeeds ? 0 : 1));
			assertThat(count(TaskOutcome.RETRIED)).isEqualTo(expected(Outcome::retries));
			assertThat(count(TaskOutcome.FAILED)).isZero();
			assertThat(invocations()).isEqualTo(expectedInvocations());

			// Early samples: after the first three tenths (the first warms caches and pools up); late: the last three.
			long early = (this.heap[1] + this.heap[2] + this.heap[3]) / 3;
			long late = (this.heap[SAMPLES - 2] + this.heap[SAMPLES - 1] + this.heap[SAMPLES]) / 3;
			long tasksBetween = (this.heapAt[SAMPLES - 1] - this.heapAt[2]);
			assertThat(late - early).as("heap growth from the early samples (%d bytes) to the late ones (%d), bytes",
					early, late)
				.isLessThan(HEAP_NOISE + HEAP_BYTES_PER_TASK * tasksBetween);
		}

		private List<Integer> ids(IntPredicate wrong) {
			return IntStream.range(0, TASKS).filter(wrong).limit(20).boxed().toList();
		}

		private long count(TaskOutcome outcome) {
			return this.counters.count("soak", "work", outcome);
		}

		private long expected(ToIntFunction<Outcome> perTask) {
			return IntStream.range(0, TASKS).mapToLong((id) -> perTask.applyAsInt(Outcome.of(id))).sum();
		}

		private long invocations() {
			return IntStream.range(0, TASKS).mapToLong(this.handler.invocations::get).sum();
		}

		private long expectedInvocations() {
			return expected((outcome) -> outcome.attempts);
		}

	}

	private static @Nullable String attribute(Message message, String name) {
		MessageAttributeValue value = message.messageAttributes().get(name);
		return (value != null) ? value.stringValue() : null;
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
