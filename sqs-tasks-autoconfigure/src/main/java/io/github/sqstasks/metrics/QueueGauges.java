package io.github.sqstasks.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.QueueResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.SmartLifecycle;

/**
 * Gauges of each queue's approximate message counts, for autoscaling workers: {@code sqstasks.queue.messages.visible}
 * (SQS's {@code ApproximateNumberOfMessages}, the backlog), {@code sqstasks.queue.messages.in.flight}
 * ({@code ApproximateNumberOfMessagesNotVisible}) and {@code sqstasks.queue.messages.delayed}
 * ({@code ApproximateNumberOfMessagesDelayed}), tagged {@code queue}. A dedicated thread samples every queue with one
 * {@code GetQueueAttributes} request at a fixed interval, so that scrapes never wait for SQS; a gauge is NaN until its
 * first sample and while its queue cannot be read.
 *
 * <p>SQS has no attribute for the age of the oldest message (CloudWatch has {@code ApproximateAgeOfOldestMessage}),
 * and finding it by receiving would raise messages' receive counts and hide them from workers. What this instance can
 * measure honestly is {@code sqstasks.queue.oldest.received.age}: how long the oldest message it received since the
 * last sample had waited in the queue (from its {@code SentTimestamp}); on a backlog that is the backlog's age, NaN when
 * it received nothing.
 */
public final class QueueGauges implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(QueueGauges.class);

	private final MeterRegistry registry;

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	private final Supplier<Collection<String>> names;

	private final Duration interval;

	private Function<String, @Nullable Duration> oldestReceivedAge = (queue) -> null;

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates the gauges; they are registered and sampled once started.
	 * @param registry where meters go
	 * @param sqs the SQS client
	 * @param queues resolves queue URLs
	 * @param names the queues to sample, names without prefix, read when started
	 * @param interval how often to sample
	 */
	public QueueGauges(MeterRegistry registry, SqsAsyncClient sqs, QueueResolver queues,
			Supplier<Collection<String>> names, Duration interval) {
		this.registry = registry;
		this.sqs = sqs;
		this.queues = queues;
		this.names = names;
		this.interval = interval;
	}

	/**
	 * Sets where the age of the oldest message received since the last sample comes from (the listener's view).
	 * @param oldestReceivedAge the age by queue name, {@code null} when nothing was received
	 */
	public void setOldestReceivedAge(Function<String, @Nullable Duration> oldestReceivedAge) {
		this.oldestReceivedAge = oldestReceivedAge;
	}

	/**
	 * Reads every queue's counts now, waiting at most the interval for SQS, and the age of the oldest message this
	 * instance received from each since the last sample.
	 */
	public void sample() {
		this.counts.forEach((queue, target) -> {
			Duration age = this.oldestReceivedAge.apply(queue);
			target.oldestReceivedAge = (age != null) ? age.toMillis() / 1000.0 : Double.NaN;
		});
		CompletableFuture<?>[] reads = this.counts.entrySet()
			.stream()
			.map((entry) -> read(entry.getKey(), entry.getValue()))
			.toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(reads).get(this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// each read handles its own failure
		}
	}

	private CompletableFuture<?> read(String queue, Counts target) {
		CompletableFuture<?> read;
		try {
			String url = this.queues.url(queue);
			read = this.sqs.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
				.thenAccept((response) -> target.update(response.attributes()));
		}
		catch (RuntimeException ex) {
			read = CompletableFuture.failedFuture(ex);
		}
		return read.orTimeout(this.interval.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ignored, error) -> {
			if (error != null) {
				target.unknown();
				logger.debug("Could not sample the message counts of queue '{}': {}", queue,
						LogSafe.throwable(error));
			}
		});
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		for (String queue : this.names.get()) {
			this.counts.computeIfAbsent(queue, this::register);
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "sqs-tasks-queue-gauges");
			thread.setDaemon(true);
			return thread;
		});
		started.scheduleWithFixedDelay(this::sampleQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	private void sampleQuietly() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			logger.warn("Sampling the queue gauges failed; trying again in {}", this.interval, LogSafe.throwable(ex));
		}
	}

	private Counts register(String queue) {
		Counts counts = new Counts();
		gauge("sqstasks.queue.messages.visible", "Messages available for retrieval (SQS's approximate count)", queue,
				counts, (value) -> value.visible);
		gauge("sqstasks.queue.messages.in.flight", "Messages received and not yet deleted (SQS's approximate count)",
				queue, counts, (value) -> value.inFlight);
		gauge("sqstasks.queue.messages.delayed", "Messages delayed and not yet available (SQS's approximate count)",
				queue, counts, (value) -> value.delayed);
		Gauge.builder("sqstasks.queue.oldest.received.age", counts, (value) -> value.oldestReceivedAge)
			.description("How long the oldest message this instance received since the last sample had waited in "
					+ "the queue: on a backlog, its age")
			.baseUnit("seconds")
			.tag("queue", queue)
			.strongReference(true)
			.register(this.registry);
		return counts;
	}

	private void gauge(String name, String description, String queue, Counts counts,
			java.util.function.ToDoubleFunction<Counts> value) {
		Gauge.builder(name, counts, value).description(description).tag("queue", queue).strongReference(true)
			.register(this.registry);
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/** The last sample of one queue; NaN until the first and after a failed one. */
	private static final class Counts {

		volatile double visible = Double.NaN;

		volatile double inFlight = Double.NaN;

		volatile double delayed = Double.NaN;

		volatile double oldestReceivedAge = Double.NaN;

		void update(Map<QueueAttributeName, String> attributes) {
			this.visible = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
			this.inFlight = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
			this.delayed = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
		}

		void unknown() {
			this.visible = Double.NaN;
			this.inFlight = Double.NaN;
			this.delayed = Double.NaN;
		}

		private static double count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
			String value = attributes.get(name);
			return (value != null) ? Double.parseDouble(value) : Double.NaN;
		}

	}

}
