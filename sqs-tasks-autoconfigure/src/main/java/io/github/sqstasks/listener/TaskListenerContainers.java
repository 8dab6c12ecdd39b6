package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.awspring.cloud.sqs.MessageExecutionThreadFactory;
import io.awspring.cloud.sqs.listener.ListenerMode;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.producer.DelayedDelivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * One Spring Cloud AWS listener container per queue that has handlers, started with the application context and
 * stopped (in parallel) before the beans they use are destroyed.
 */
public class TaskListenerContainers implements SmartLifecycle, ApplicationEventPublisherAware {

	private static final Logger logger = LoggerFactory.getLogger(TaskListenerContainers.class);

	private final SqsAsyncClient sqs;

	private final TaskRegistry registry;

	private final QueueResolver queues;

	private final Function<String, QueueSettings> settings;

	private final MessageDecoder decoder;

	private final TaskDispatcher dispatcher;

	private final FailureHandler failures;

	private final BatchProcessor batchProcessor;

	private final DelayedDelivery delayedDelivery;

	private final TaskCounters counters;

	private final DeadLetterSender deadLetters;

	private final StoppableReceives receives;

	private final Duration shutdownTimeout;

	private final Duration acknowledgementInterval;

	private final int acknowledgementThreshold;

	private final Supplier<List<String>> consumedQueues;

	private final List<SqsMessageListenerContainer<Object>> containers = new ArrayList<>();

	private final List<TaskMessageListener> listeners = new ArrayList<>();

	private @Nullable VisibilityHeartbeat heartbeat;

	private @Nullable MessageDeleter deleter;

	private @Nullable ReceivedMessages received;

	/** How to shut down each container's handler executor (the container leaves one it was given running). */
	private final List<Runnable> executorShutdowns = new ArrayList<>();

	private boolean virtualThreads;

	private final Map<SqsMessageListenerContainer<Object>, QueueActivity> activities = new ConcurrentHashMap<>();

	private ShutdownPolicy shutdownPolicy = new ShutdownPolicy(null, null, false);

	private @Nullable ShutdownPolicyMonitor monitor;

	private @Nullable ApplicationEventPublisher events;

	private volatile boolean running;

	/**
	 * Creates the containers' owner; containers are built on start.
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
	 * @param shutdownTimeout how long a stop waits for handlers in flight, and then for their deletes
	 */
	public TaskListenerContainers(SqsAsyncClient sqs, TaskRegistry registry, QueueResolver queues, TaskCodec codec,
			TaskInvoker invoker, Function<String, QueueSettings> settings, Supplier<List<String>> consumedQueues,
			DelayedDelivery delayedDelivery, Duration acknowledgementInterval, int acknowledgementThreshold,
			TaskCounters counters, Duration shutdownTimeout) {
		this.receives = new StoppableReceives(sqs);
		this.shutdownTimeout = shutdownTimeout;
		this.delayedDelivery = delayedDelivery;
		this.acknowledgementInterval = acknowledgementInterval;
		this.acknowledgementThreshold = acknowledgementThreshold;
		this.sqs = sqs;
		this.registry = registry;
		this.queues = queues;
		this.settings = settings;
		this.decoder = new MessageDecoder(codec);
		this.dispatcher = new TaskDispatcher(registry, invoker);
		this.counters = counters;
		this.deadLetters = new DeadLetterSender(sqs, queues);
		this.failures = new FailureHandler(this.deadLetters, counters);
		this.batchProcessor = new BatchProcessor(invoker);
		this.consumedQueues = consumedQueues;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.heartbeat = new VisibilityHeartbeat();
		this.received = new ReceivedMessages(this.sqs, this.heartbeat);
		this.receives.resume(this.received);
		this.deleter = new MessageDeleter(this.sqs, this.acknowledgementInterval, this.acknowledgementThreshold);
		for (String queue : this.consumedQueues.get()) {
			Long maxTasks = this.shutdownPolicy.maxTasks();
			QueueActivity activity = new QueueActivity(
					(maxTasks != null && !this.shutdownPolicy.requireAll()) ? maxTasks : Long.MAX_VALUE);
			SqsMessageListenerContainer<Object> container = create(this.settings.apply(queue), this.heartbeat,
					this.received, this.deleter, activity);
			this.activities.put(container, activity);
			container.start();
			this.containers.add(container);
		}
		this.running = true;
		if (this.shutdownPolicy.isActive() && !this.containers.isEmpty()) {
			this.monitor = new ShutdownPolicyMonitor(this.shutdownPolicy, this.activities, this::finished);
		}
		if (!this.containers.isEmpty()) {
			logger.info("sqs-tasks listening on {} queue(s): {}", this.containers.size(),
					this.consumedQueues.get().stream().map(this.queues::physicalName).toList());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.monitor != null) {
			this.monitor.close();
			this.monitor = null;
		}
		// Stop polling first, so that no container waits for a long poll; give back the prefetched messages no handler
		// has taken; then let handlers in flight finish and their deletes go out, in parallel across queues.
		this.receives.stopReceiving();
		this.listeners.forEach(TaskMessageListener::stopHandling);
		if (this.received != null) {
			this.received.giveBackWaiting();
		}
		long start = System.nanoTime();
		List<Thread> stopping = this.containers.stream()
			.map((container) -> new Thread(container::stop, "sqs-tasks-stop-" + container.getId()))
			.toList();
		stopping.forEach(Thread::start);
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.executorShutdowns.forEach(Runnable::run);
		this.executorShutdowns.clear();
		if (this.received != null) {
			// messages the containers received but did not hand over before they stopped
			this.received.giveBackWaiting();
			this.received = null;
		}
		if (this.deleter != null) {
			this.deleter.close(this.shutdownTimeout);
			this.deleter = null;
		}
		if (!this.containers.isEmpty()) {
			logger.info("sqs-tasks stopped {} listener container(s) in {} ms", this.containers.size(),
					(System.nanoTime() - start) / 1_000_000);
		}
		this.containers.clear();
		this.listeners.clear();
		this.activities.clear();
		if (this.heartbeat != null) {
			this.heartbeat.close();
			this.heartbeat = null;
		}
		this.running = false;
	}

	/**
	 * Runs handlers on virtual threads, one per message received, {@code concurrency} of them at once; applies from the
	 * next start. Needs Java 21 or later.
	 * @param virtualThreads whether to use virtual threads
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
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
	 * Sets when containers stop by themselves; applies from the next start.
	 * @param shutdownPolicy the policy
	 */
	public void setShutdownPolicy(ShutdownPolicy shutdownPolicy) {
		this.shutdownPolicy = shutdownPolicy;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	private void finished() {
		MessageDeleter current = this.deleter;
		if (current != null) {
			current.flush();
		}
		logger.info("Every sqs-tasks listener container stopped by its shutdown policy");
		if (this.events != null) {
			this.events.publishEvent(new WorkerFinishedEvent(this, consumedQueues()));
		}
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
	 * Returns how many received messages this instance has not finished with: waiting for a handler (prefetched),
	 * being handled, or handled and waiting for their delete or retry delay to reach the broker.
	 * @return the count, 0 when idle
	 */
	public int unfinishedMessages() {
		ReceivedMessages waiting = this.received;
		return this.activities.values().stream().mapToInt(QueueActivity::unfinished).sum()
				+ ((waiting != null) ? waiting.waiting() : 0);
	}

	/**
	 * Returns the handlers registry these containers dispatch to.
	 * @return the registry
	 */
	public TaskRegistry registry() {
		return this.registry;
	}

	/**
	 * The threads that run a queue's handlers: a pool of {@code concurrency} threads, prefetched messages waiting in
	 * its queue; or, with virtual threads, one per message, the prefetched ones waiting on the listener's handler
	 * slots (which costs a virtual thread next to nothing). The container does not shut down an executor it was
	 * given; {@link #stop()} does.
	 *
	 * <p>Ours because Spring Cloud AWS sizes its pool by {@code maxConcurrentMessages}, its back-pressure limit: with
	 * prefetch, each prefetched message would park a platform thread of its own until a handler slot frees (measured
	 * in {@code benchmarks}: 1.94–1.96x a plain {@code @SqsListener} that way, 2.19–2.33x with this pool).
	 */
	private AsyncTaskExecutor handlerExecutor(QueueSettings queue) {
		String prefix = "sqs-tasks-" + queue.queue() + "-";
		if (this.virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
			executor.setVirtualThreads(true);
			this.executorShutdowns.add(executor::close);
			return executor;
		}
		MessageExecutionThreadFactory threads = new MessageExecutionThreadFactory();
		threads.setThreadNamePrefix(prefix);
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(queue.concurrency());
		executor.setMaxPoolSize(queue.concurrency());
		// the container's back-pressure bounds the messages in flight; the margin covers a permit given back just
		// before its thread is
		executor.setQueueCapacity(queue.maxInFlight() * 2);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadFactory(threads);
		executor.afterPropertiesSet();
		this.executorShutdowns.add(executor::shutdown);
		return executor;
	}

	private SqsMessageListenerContainer<Object> create(QueueSettings queue, VisibilityHeartbeat heartbeat,
			ReceivedMessages received, MessageDeleter deleter, QueueActivity activity) {
		TaskMessageListener listener = new TaskMessageListener(queue, this.decoder, this.dispatcher, this.failures,
				heartbeat, this.batchProcessor, this.delayedDelivery, this.counters, deleter, activity, received,
				this.virtualThreads);
		this.listeners.add(listener);
		boolean batch = this.registry.hasBatchHandler(queue.queue());
		String queueUrl = this.queues.url(queue.queue());
		ReceivePacing pacing = new ReceivePacing(queue);
		this.receives.pace(queueUrl, pacing);
		received.register(queueUrl, queue);
		AsyncTaskExecutor handlers = handlerExecutor(queue);
		return SqsMessageListenerContainer.builder()
			.id("sqs-tasks-" + queue.queue())
			.sqsAsyncClient(this.receives)
			.queueNames(queueUrl)
			.messageListener(listener)
			.configure((options) -> {
				// concurrency + prefetch messages in flight, concurrency threads to handle them
				options.maxConcurrentMessages(queue.maxInFlight())
					.componentsTaskExecutor(handlers)
					.maxMessagesPerPoll(queue.messagesPerPoll())
					.pollTimeout(queue.pollTimeout())
					.backPressureHandlerFactory((containerOptions) -> pacing)
					.acknowledgementMode(AcknowledgementMode.MANUAL)
					.listenerShutdownTimeout(this.shutdownTimeout)
					.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
					.messageConverter(new RawBodyMessageConverter())
					.messageAttributeNames(List.of("All"))
					.messageSystemAttributeNames(List.of(MessageSystemAttributeName.ALL))
					.queueAttributeNames(List.of(QueueAttributeName.VISIBILITY_TIMEOUT))
					.listenerMode(batch ? ListenerMode.BATCH : ListenerMode.SINGLE_MESSAGE);
				if (queue.visibilityTimeout() != null) {
					options.messageVisibility(queue.visibilityTimeout());
				}
			})
			.build();
	}

}
