package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.producer.DelayedDelivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The listener's lifecycle: one {@link QueuePipeline} per queue that has handlers, started with the application
 * context and stopped before the beans they use are destroyed. It only starts and stops pipelines; what happens to
 * a message is theirs.
 *
 * <p>The receive loop is ours rather than Spring Cloud AWS's listener container: the container's stop, deletes,
 * back-pressure, prefetch, executor, FIFO ordering and conversion had each been replaced to meet this library's
 * semantics, and what remained of it (a polling loop) could not run on an injected clock. Spring Cloud AWS still
 * configures the {@code SqsAsyncClient}.
 */
public class QueueListeners implements SmartLifecycle, ApplicationEventPublisherAware, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(QueueListeners.class);

	private final SqsAsyncClient sqs;

	private final TaskRegistry registry;

	private final QueueResolver queues;

	private final Function<String, QueueSettings> settings;

	private final MessageDecoder decoder;

	private final TaskDispatcher dispatcher;

	private final FailureHandler failures;

	private final BatchProcessor batches;

	private final DelayedDelivery delayedDelivery;

	private final TaskCounters counters;

	private final DeadLetterSender deadLetters;

	private final Duration shutdownTimeout;

	private final Duration acknowledgementInterval;

	private final int acknowledgementThreshold;

	private final Supplier<List<String>> consumedQueues;

	private final Map<String, QueuePipeline> pipelines = new ConcurrentHashMap<>();

	private final HandlerThreads handlerThreads = new HandlerThreads();

	private Clock clock = Clock.systemUTC();

	private @Nullable TaskScheduler givenScheduler;

	private @Nullable ThreadPoolTaskScheduler ownScheduler;

	private @Nullable VisibilityHeartbeat heartbeat;

	private @Nullable MessageDeleter deleter;

	private QueueShutdownPolicy shutdownPolicy = new ShutdownPolicy(null, null, false);

	private @Nullable ShutdownPolicyCheck policyCheck;

	private @Nullable ApplicationEventPublisher events;

	private volatile boolean running;

	/**
	 * Creates the listener; pipelines are built on start.
	 * @param sqs the client
	 * @param registry the handlers
	 * @param queues resolves queue names
	 * @param codec reads bodies and context
	 * @param invoker invokes handlers
	 * @param settings the effective settings of a queue
	 * @param consumedQueues supplies the queues to listen on, without prefix, once handlers are registered
	 * @param delayedDelivery re-delays messages whose long delay has not run out
	 * @param acknowledgementInterval longest wait before finished messages are deleted in a batch
	 * @param acknowledgementThreshold finished messages that trigger a batch delete (with interval 0: each at once)
	 * @param counters counts outcomes
	 * @param shutdownTimeout how long a stop waits for handlers in flight and their deletes, in all
	 */
	public QueueListeners(SqsAsyncClient sqs, TaskRegistry registry, QueueResolver queues, TaskCodec codec,
			TaskInvoker invoker, Function<String, QueueSettings> settings, Supplier<List<String>> consumedQueues,
			DelayedDelivery delayedDelivery, Duration acknowledgementInterval, int acknowledgementThreshold,
			TaskCounters counters, Duration shutdownTimeout) {
		this.sqs = sqs;
		this.registry = registry;
		this.queues = queues;
		this.settings = settings;
		this.consumedQueues = consumedQueues;
		this.shutdownTimeout = shutdownTimeout;
		this.acknowledgementInterval = acknowledgementInterval;
		this.acknowledgementThreshold = acknowledgementThreshold;
		this.deadLetters = new DeadLetterSender(sqs, queues);
		this.decoder = new MessageDecoder(codec);
		this.dispatcher = new TaskDispatcher(registry, invoker);
		this.failures = new FailureHandler(this.deadLetters, counters);
		this.batches = new BatchProcessor(invoker);
		this.delayedDelivery = delayedDelivery;
		this.counters = counters;
	}

	/**
	 * Sets the clock the listener's own scheduler runs on (the {@code sqsTasksClock} bean); ignored when a scheduler
	 * is given.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Sets the scheduler, and with it the clock, of every timed step of the listener: receive pacing, heartbeats,
	 * batched deletes and their retries, FIFO retries, broker back-off and the shutdown policy. Tests give the
	 * in-memory SQS's manual clock scheduler; by default the listener runs one thread on its clock.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(TaskScheduler scheduler) {
		this.givenScheduler = scheduler;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		List<String> queueNames = this.consumedQueues.get();
		Map<String, QueueSettings> queueSettings = new java.util.LinkedHashMap<>();
		queueNames.forEach((queue) -> queueSettings.put(queue, this.settings.apply(queue)));
		TimeLimit timeLimit = TimeLimit.forHandlers(this.registry, queueSettings);
		TaskScheduler scheduler = scheduler();
		timeLimit.useScheduler(scheduler);
		OutcomeStage.Shared shared = new OutcomeStage.Shared(this.decoder, this.dispatcher, this.failures,
				this.batches, this.delayedDelivery, this.counters, timeLimit);
		this.heartbeat = new VisibilityHeartbeat(scheduler);
		this.deleter = new MessageDeleter(this.sqs, scheduler, this.acknowledgementInterval,
				this.acknowledgementThreshold);
		long limit = Long.MAX_VALUE;
		if (this.shutdownPolicy instanceof ShutdownPolicy configured && configured.maxTasks() != null
				&& !configured.requireAll()) {
			// exact: messages beyond max-tasks are given back, not handled
			limit = configured.maxTasks();
		}
		// one request per queue for its visibility timeout, all at once: one after the other, a hundred queues took
		// seconds to start
		Map<String, CompletableFuture<@Nullable Duration>> visibilityTimeouts = new java.util.LinkedHashMap<>();
		for (String queue : queueNames) {
			visibilityTimeouts.put(queue,
					VisibilityHeartbeat.visibilityTimeout(this.sqs, queueSettings.get(queue), this.queues.url(queue)));
		}
		for (String queue : queueNames) {
			QueueSettings own = queueSettings.get(queue);
			String queueUrl = this.queues.url(queue);
			QueuePipeline pipeline = new QueuePipeline(own, queueUrl, this.sqs, scheduler, this.handlerThreads.forQueue(own),
					this.heartbeat, this.deleter, new QueueActivity(scheduler.getClock(), limit),
					this.registry.hasBatchHandler(queue), shared);
			this.pipelines.put(queue, pipeline);
			pipeline.start(visibilityTimeouts.get(queue).join());
		}
		this.running = true;
		boolean active = !(this.shutdownPolicy instanceof ShutdownPolicy configured) || configured.isActive();
		if (active && !this.pipelines.isEmpty()) {
			this.policyCheck = new ShutdownPolicyCheck(this.shutdownPolicy, this.pipelines, scheduler,
					this::finishedByPolicy);
		}
		if (!this.pipelines.isEmpty()) {
			logger.info("sqs-tasks listening on {} queue(s): {}", this.pipelines.size(),
					this.pipelines.keySet().stream().map(this.queues::physicalName).sorted().toList());
		}
	}


	private TaskScheduler scheduler() {
		if (this.givenScheduler != null) {
			return this.givenScheduler;
		}
		ThreadPoolTaskScheduler scheduler = WakeUps.ownScheduler(this.clock);
		this.ownScheduler = scheduler;
		return scheduler;
	}


	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		if (this.policyCheck != null) {
			this.policyCheck.cancel();
			this.policyCheck = null;
		}
		long start = System.nanoTime();
		long deadline = start + this.shutdownTimeout.toNanos();
		// Stop receiving and give back what no handler took; then let running handlers finish and their deletes go
		// out, all within one shutdown timeout.
		this.pipelines.values().forEach(QueuePipeline::stopReceiving);
		List<String> overran = new ArrayList<>();
		for (QueuePipeline pipeline : this.pipelines.values()) {
			if (!pipeline.awaitHandlers(deadline)) {
				overran.add(pipeline.settings().queue());
			}
		}
		if (!overran.isEmpty()) {
			logger.warn("sqs-tasks handlers still running after the shutdown timeout ({}); their messages will be "
					+ "delivered again", this.shutdownTimeout);
		}
		this.handlerThreads.stopped(overran);
		if (this.deleter != null) {
			long left = Math.max(0, deadline - System.nanoTime());
			// a small bound beyond the timeout, so that the deletes of handlers that finished at its end still go
			this.deleter.close(Duration.ofNanos(left).plusMillis(500));
			this.deleter = null;
		}
		if (this.heartbeat != null) {
			this.heartbeat.close();
			this.heartbeat = null;
		}
		if (!this.pipelines.isEmpty()) {
			logger.info("sqs-tasks stopped {} queue listener(s) in {} ms", this.pipelines.size(),
					(System.nanoTime() - start) / 1_000_000);
		}
		this.pipelines.clear();
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
			this.ownScheduler = null;
		}
		this.running = false;
	}

	/**
	 * Stops, if running, and ends the handler threads, which a stop leaves idle for the next start.
	 */
	@Override
	public void destroy() {
		stop();
		this.handlerThreads.close();
	}

	private void finishedByPolicy() {
		MessageDeleter current = this.deleter;
		if (current != null) {
			current.flush();
		}
		if (this.events != null) {
			this.events.publishEvent(new WorkerFinishedEvent(this, consumedQueues()));
		}
	}

	/**
	 * Runs handlers on virtual threads, one per message, {@code concurrency} of them at once; applies from the next
	 * start. Needs Java 21 or later.
	 * @param virtualThreads whether to use virtual threads
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.handlerThreads.setVirtualThreads(virtualThreads);
	}

	/**
	 * Sets the size limit of each queue, which a dead-letter copy and its failure reason must fit in; SQS's 1 MiB
	 * when unset.
	 * @param maxMessageBytes the limit of a queue in bytes, by queue name without prefix
	 */
	public void setMaxMessageBytes(ToIntFunction<String> maxMessageBytes) {
		this.deadLetters.setMaxMessageBytes(maxMessageBytes);
	}

	/**
	 * Sets when queue listeners stop by themselves; applies from the next start.
	 * @param shutdownPolicy the policy: the configured idle/max-tasks one, or an application's bean
	 */
	public void setShutdownPolicy(QueueShutdownPolicy shutdownPolicy) {
		this.shutdownPolicy = shutdownPolicy;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Returns the queues this application listens on.
	 * @return queue names without prefix
	 */
	public List<String> consumedQueues() {
		return this.consumedQueues.get();
	}

	/**
	 * Returns the age of the oldest message received from a queue since the last call (how long it had waited in the
	 * queue, counted from its {@code SentTimestamp} to now), and starts over: on a backlog, the age of the backlog.
	 * @param queue the queue name without prefix
	 * @return the age, or {@code null} when nothing was received meanwhile or the queue is not consumed here
	 */
	public @Nullable Duration takeOldestReceivedAge(String queue) {
		QueuePipeline pipeline = this.pipelines.get(queue);
		return (pipeline != null) ? pipeline.takeOldestReceivedAge() : null;
	}

	/**
	 * Returns the queues that have a running pipeline.
	 * @return queue names without prefix, empty when stopped
	 */
	public List<String> listeningQueues() {
		return List.copyOf(this.pipelines.keySet());
	}

	/**
	 * Returns how many received messages this instance has not finished with: waiting for a handler (prefetched) or
	 * for a FIFO retry, being handled, or handled and waiting for their delete or retry delay to reach the broker.
	 * @return the count, 0 when idle
	 */
	public int unfinishedMessages() {
		return this.pipelines.values().stream().mapToInt(QueuePipeline::unfinished).sum();
	}

	/**
	 * Like {@link #unfinishedMessages()}, without FIFO messages held for a retry whose time has not come: what a
	 * test on a manual clock waits for before it moves the clock.
	 * @return the count, 0 when nothing can progress without the clock moving
	 */
	public int busyMessages() {
		return this.pipelines.values().stream().mapToInt(QueuePipeline::busy).sum();
	}

	/**
	 * Returns the handlers registry the pipelines dispatch to.
	 * @return the registry
	 */
	public TaskRegistry registry() {
		return this.registry;
	}


}
