package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.producer.JobOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of sqs-tasks, under the {@code sqs-tasks} prefix.
 *
 * <p>It validates itself: Spring Boot applies a {@code @ConfigurationProperties} class that is a {@link Validator} to
 * itself when it binds it, so a value out of range fails start-up with Boot's report of each key, before any bean
 * that uses the properties (the embedded broker included) is created, and needs no Bean Validation provider.
 */
@ConfigurationProperties("sqs-tasks")
public class SqsTasksProperties implements Validator {

	/**
	 * Prepended to every queue name, dead-letter queues included (for example "dev-"): letters, digits, '-' and '_';
	 * with each queue name at most 80 characters.
	 */
	private String queuePrefix = "";

	/**
	 * Whether to create missing queues, and their dead-letter queues with a redrive policy, at start-up. Unset: true
	 * when the embedded broker runs, false otherwise.
	 */
	private @Nullable Boolean createQueues;

	/**
	 * The longest delay a job may have: longer ones are refused when sent, and a received message asking to wait
	 * longer (a forged reserved key) is dead-lettered as poison.
	 */
	private Duration maxDelay = JobOptions.DEFAULT_MAX_DELAY;

	/** The in-JVM ElasticMQ development broker. */
	private final EmbeddedBroker embeddedBroker = new EmbeddedBroker();

	/** Which queues this application consumes. */
	private final Listener listener = new Listener();

	/** Settings of every queue unless overridden under 'queues'. */
	@NestedConfigurationProperty
	private final QueueProperties defaults = QueueProperties.withDefaults();

	/** Per-queue settings, keyed by queue name without prefix; each key overrides the same key of 'defaults'. */
	private final Map<String, QueueProperties> queues = new LinkedHashMap<>();

	public String getQueuePrefix() {
		return this.queuePrefix;
	}

	public void setQueuePrefix(String queuePrefix) {
		this.queuePrefix = queuePrefix;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public @Nullable Boolean getCreateQueues() {
		return this.createQueues;
	}

	public void setCreateQueues(@Nullable Boolean createQueues) {
		this.createQueues = createQueues;
	}

	public EmbeddedBroker getEmbeddedBroker() {
		return this.embeddedBroker;
	}

	public Listener getListener() {
		return this.listener;
	}

	public QueueProperties getDefaults() {
		return this.defaults;
	}

	public Map<String, QueueProperties> getQueues() {
		return this.queues;
	}

	/**
	 * Supports this class only: Spring Boot asks before it validates the bound properties.
	 * @param type the type to validate
	 * @return whether it is {@link SqsTasksProperties}
	 */
	@Override
	public boolean supports(Class<?> type) {
		return SqsTasksProperties.class.isAssignableFrom(type);
	}

	/**
	 * Rejects every value out of its range, each with its key, the value and what is allowed.
	 * @param target the bound properties
	 * @param errors where each refusal goes
	 */
	@Override
	public void validate(Object target, Errors errors) {
		SqsTasksProperties properties = (SqsTasksProperties) target;
		new SqsTasksPropertiesValidator(errors, properties.getQueuePrefix()).validate(properties);
	}

	/**
	 * Settings of the embedded ElasticMQ broker.
	 */
	public static class EmbeddedBroker {

		/**
		 * Whether to start an in-JVM ElasticMQ when it is on the classpath and nothing points at a real SQS (an
		 * endpoint, connection details, an AWS region, credentials or profile); true does not override those.
		 */
		private boolean enabled = true;

		/**
		 * Whether to start the embedded broker even though an AWS region, credentials or profile is configured (in
		 * spring.cloud.aws.* properties, AWS_* environment variables or aws.* system properties), for a development
		 * machine whose shell has them; an SQS endpoint, connection details or an SqsAsyncClient bean still wins.
		 */
		private boolean ignoreAwsConfiguration;

		/** The address the broker binds to: a loopback address, unless allow-non-loopback is true. */
		private String host = "127.0.0.1";

		/**
		 * Whether the broker may bind a host that is not a loopback address; it has no authentication, so anyone who
		 * reaches it can read and send messages.
		 */
		private boolean allowNonLoopback;

		/** The broker's port, 0 to 65535; 0 picks a free one. */
		private int port;

		public boolean isIgnoreAwsConfiguration() {
			return this.ignoreAwsConfiguration;
		}

		public void setIgnoreAwsConfiguration(boolean ignoreAwsConfiguration) {
			this.ignoreAwsConfiguration = ignoreAwsConfiguration;
		}

		public boolean isAllowNonLoopback() {
			return this.allowNonLoopback;
		}

		public void setAllowNonLoopback(boolean allowNonLoopback) {
			this.allowNonLoopback = allowNonLoopback;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Which queues this application consumes.
	 */
	public static class Listener {

		/** Whether to consume queues at all; false makes a producer-only application. */
		private boolean enabled = true;

		/** The queues to consume, without prefix; empty consumes every queue that has handlers. */
		private List<String> queues = new ArrayList<>();

		/** When the worker stops by itself; unset: it runs until the application stops. */
		private final ShutdownPolicy shutdownPolicy = new ShutdownPolicy();

		public ShutdownPolicy getShutdownPolicy() {
			return this.shutdownPolicy;
		}

		/** On shutdown, how long to wait for handlers in flight to finish, and then for their deletes to be sent. */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		/** Longest time a finished message waits to be deleted in a batch; 0 deletes each at once. */
		private Duration acknowledgementInterval = Duration.ofSeconds(1);

		/** Finished messages of a queue that trigger a DeleteMessageBatch, 0 to 10; 0 and 1 delete each at once. */
		private int acknowledgementThreshold = 10;

		/**
		 * Most HTTP connections of the SQS client that Spring Cloud AWS builds (the AWS SDK's own default is 50):
		 * every consumed queue holds one for its long poll, so with 50 queues nothing else could be sent.
		 */
		private int maxConnections = 500;

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getAcknowledgementInterval() {
			return this.acknowledgementInterval;
		}

		public void setAcknowledgementInterval(Duration acknowledgementInterval) {
			this.acknowledgementInterval = acknowledgementInterval;
		}

		public int getAcknowledgementThreshold() {
			return this.acknowledgementThreshold;
		}

		public void setAcknowledgementThreshold(int acknowledgementThreshold) {
			this.acknowledgementThreshold = acknowledgementThreshold;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

	}

	/**
	 * When queue listeners stop by themselves, each for its own queue; when all have, the worker is finished.
	 */
	public static class ShutdownPolicy {

		/** Stop a queue's listener after it had nothing to do for this long; 0s: as soon as the queue is empty. */
		private @Nullable Duration idle;

		/** Stop a queue's listener after it handled this many messages, at least 1. */
		private @Nullable Long maxTasks;

		/** Whether both conditions must hold (when both are set); false: either one stops the listener. */
		private boolean requireAll;

		/** Whether to exit the application with status 0 when every queue's listener has stopped by this policy. */
		private boolean exit = true;

		public @Nullable Duration getIdle() {
			return this.idle;
		}

		public void setIdle(@Nullable Duration idle) {
			this.idle = idle;
		}

		public @Nullable Long getMaxTasks() {
			return this.maxTasks;
		}

		public void setMaxTasks(@Nullable Long maxTasks) {
			this.maxTasks = maxTasks;
		}

		public boolean isRequireAll() {
			return this.requireAll;
		}

		public void setRequireAll(boolean requireAll) {
			this.requireAll = requireAll;
		}

		public boolean isExit() {
			return this.exit;
		}

		public void setExit(boolean exit) {
			this.exit = exit;
		}

	}

	/**
	 * Settings of a queue; unset values fall back to 'defaults'.
	 */
	public static class QueueProperties {

		/** How many of the queue's handlers run at once, at least 1. */
		private @Nullable Integer concurrency;

		/**
		 * How many more of the queue's messages are received ahead of a free handler, so that receives overlap the
		 * work; 0 for slow tasks that other workers should take instead.
		 */
		private @Nullable Integer prefetch;

		/** How long one receive waits for messages (long polling), 0s to 20s. */
		private @Nullable Duration pollTimeout;

		/**
		 * How long the next receive waits after one that returned fewer messages than it asked for, so that at a light
		 * load messages are received several at a time (fewer requests, up to this much more latency); 0 receives
		 * each message as soon as it arrives.
		 */
		private @Nullable Duration receiveBatchWindow;

		/** Visibility timeout requested on receive, 1s to 12h; unset uses the queue's own (SQS default 30s). */
		private @Nullable Duration visibilityTimeout;

		/** Name (without prefix) of the queue's dead-letter queue; unset: failed messages go to the failed-message log. */
		private @Nullable String deadLetterQueue;

		/**
		 * Attempts before a failing message is dead-lettered (or logged and deleted without a dead-letter queue), 1 to
		 * 1000 (SQS's limit).
		 */
		private @Nullable Integer maxReceiveCount;

		/** Whether to delete each message before its handler runs: at-most-once, for work that must never repeat. */
		private @Nullable Boolean deleteOnStart;

		/**
		 * How long a handler may run while its message's visibility is renewed (heartbeat), more than 0s and at most 12h;
		 * then it may be redelivered.
		 */
		private @Nullable Duration maxProcessingTime;

		/** Most messages one call of a batch handler takes, at most the queue's concurrency. */
		private @Nullable Integer batchSize;

		/** How long a batch handler's batch may wait to fill up to batch-size (0s: it takes what is there). */
		private @Nullable Duration batchWindow;

		/** Longest a handler may run: then it is interrupted and the attempt fails (unset: no limit). */
		private @Nullable Duration taskTimeout;

		/** Most handler starts per second on this queue in one instance, evenly spaced (unset: no limit). */
		private @Nullable Double maxRate;

		/** Largest message sent to the queue (body plus attributes), 1B to SQS's 1MB; larger jobs are refused. */
		private @Nullable DataSize maxMessageSize;

		/** Delay before each retry of a failed message. */
		private final Backoff backoff = new Backoff();

		/**
		 * SQS queue attributes applied when sqs-tasks creates the queue (for example MessageRetentionPeriod: 1209600),
		 * as SQS takes them (seconds, bytes, JSON); a queue's own entries over those of 'defaults', name by name. A
		 * different value on an existing queue is reported at start-up, not changed.
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

		public @Nullable DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		static QueueProperties withDefaults() {
			QueueProperties defaults = new QueueProperties();
			// one source for every default: QueueDefaults
			defaults.setConcurrency(QueueDefaults.CONCURRENCY.intValue());
			defaults.setPrefetch(QueueDefaults.PREFETCH.intValue());
			defaults.setPollTimeout(QueueDefaults.POLL_TIMEOUT.duration());
			defaults.setReceiveBatchWindow(QueueDefaults.RECEIVE_BATCH_WINDOW.duration());
			defaults.setMaxReceiveCount(QueueDefaults.MAX_RECEIVE_COUNT.intValue());
			defaults.setDeleteOnStart(QueueDefaults.DELETE_ON_START.booleanValue());
			defaults.setMaxProcessingTime(QueueDefaults.MAX_PROCESSING_TIME.duration());
			defaults.setMaxMessageSize(QueueDefaults.MAX_MESSAGE_SIZE.dataSize());
			defaults.setBatchSize(QueueDefaults.BATCH_SIZE.intValue());
			defaults.setBatchWindow(QueueDefaults.BATCH_WINDOW.duration());
			defaults.backoff.setInitial(QueueDefaults.BACKOFF_INITIAL.duration());
			defaults.backoff.setMultiplier(QueueDefaults.BACKOFF_MULTIPLIER.doubleValue());
			defaults.backoff.setMax(QueueDefaults.BACKOFF_MAX.duration());
			defaults.backoff.setJitter(QueueDefaults.BACKOFF_JITTER.booleanValue());
			return defaults;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Integer getPrefetch() {
			return this.prefetch;
		}

		public void setPrefetch(@Nullable Integer prefetch) {
			this.prefetch = prefetch;
		}

		public @Nullable Duration getReceiveBatchWindow() {
			return this.receiveBatchWindow;
		}

		public void setReceiveBatchWindow(@Nullable Duration receiveBatchWindow) {
			this.receiveBatchWindow = receiveBatchWindow;
		}

		public @Nullable Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(@Nullable Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public @Nullable Duration getVisibilityTimeout() {
			return this.visibilityTimeout;
		}

		public void setVisibilityTimeout(@Nullable Duration visibilityTimeout) {
			this.visibilityTimeout = visibilityTimeout;
		}

		public @Nullable String getDeadLetterQueue() {
			return this.deadLetterQueue;
		}

		public void setDeadLetterQueue(@Nullable String deadLetterQueue) {
			this.deadLetterQueue = deadLetterQueue;
		}

		public @Nullable Integer getMaxReceiveCount() {
			return this.maxReceiveCount;
		}

		public void setMaxReceiveCount(@Nullable Integer maxReceiveCount) {
			this.maxReceiveCount = maxReceiveCount;
		}

		public @Nullable Boolean getDeleteOnStart() {
			return this.deleteOnStart;
		}

		public void setDeleteOnStart(@Nullable Boolean deleteOnStart) {
			this.deleteOnStart = deleteOnStart;
		}

		public @Nullable Integer getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(@Nullable Integer batchSize) {
			this.batchSize = batchSize;
		}

		public @Nullable Duration getBatchWindow() {
			return this.batchWindow;
		}

		public void setBatchWindow(@Nullable Duration batchWindow) {
			this.batchWindow = batchWindow;
		}

		public @Nullable Duration getTaskTimeout() {
			return this.taskTimeout;
		}

		public void setTaskTimeout(@Nullable Duration taskTimeout) {
			this.taskTimeout = taskTimeout;
		}

		public @Nullable Double getMaxRate() {
			return this.maxRate;
		}

		public void setMaxRate(@Nullable Double maxRate) {
			this.maxRate = maxRate;
		}

		public @Nullable Duration getMaxProcessingTime() {
			return this.maxProcessingTime;
		}

		public void setMaxProcessingTime(@Nullable Duration maxProcessingTime) {
			this.maxProcessingTime = maxProcessingTime;
		}

		public Backoff getBackoff() {
			return this.backoff;
		}

	}

	/**
	 * Exponential backoff: initial * multiplier^(attempt-1), capped at max, optionally jittered.
	 */
	public static class Backoff {

		/** Delay after the first failed attempt, at least 0s (0s: retry at once). */
		private @Nullable Duration initial;

		/** Growth factor of the delay per attempt, at least 1.0; 1.0 gives a fixed delay. */
		private @Nullable Double multiplier;

		/** Largest delay, at least the initial delay and at most 12h (SQS's largest visibility timeout). */
		private @Nullable Duration max;

		/** Whether to draw each delay between half of it and all of it, so that failures spread out. */
		private @Nullable Boolean jitter;

		public @Nullable Duration getInitial() {
			return this.initial;
		}

		public void setInitial(@Nullable Duration initial) {
			this.initial = initial;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMax() {
			return this.max;
		}

		public void setMax(@Nullable Duration max) {
			this.max = max;
		}

		public @Nullable Boolean getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Boolean jitter) {
			this.jitter = jitter;
		}

	}

}
