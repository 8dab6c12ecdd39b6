package io.github.sqstasks.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.github.sqstasks.autoconfigure.SqsTasksProperties.Backoff;
import io.github.sqstasks.autoconfigure.SqsTasksProperties.EmbeddedBroker;
import io.github.sqstasks.autoconfigure.SqsTasksProperties.Listener;
import io.github.sqstasks.autoconfigure.SqsTasksProperties.QueueProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks every {@code sqs-tasks} key that has a range while the properties are bound, so that a value that makes no
 * sense stops the application (Boot's failure report names each one) before anything, the embedded broker included,
 * starts; values are refused, never clamped.
 */
final class SqsTasksPropertiesValidator {

	/** SQS's longest visibility timeout, and so the longest a received message can stay invisible. */
	static final Duration TWELVE_HOURS = Duration.ofHours(12);

	/** SQS's largest message, body plus attributes. */
	static final DataSize SQS_MAX_MESSAGE_SIZE = DataSize.ofMegabytes(1);

	private static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(20);

	private static final int SQS_MAX_RECEIVE_COUNT = 1000;

	private static final int DELETE_BATCH_SIZE = 10;

	private final Errors errors;

	/** The longest {@code max-delay}: far enough for any schedule, near enough that no time arithmetic overflows. */
	private static final Duration MAX_DELAY_LIMIT = Duration.ofDays(36_500);

	private final QueueNames names;

	SqsTasksPropertiesValidator(Errors errors, String queuePrefix) {
		this.errors = errors;
		this.names = new QueueNames(queuePrefix, this::reject);
	}

	void validate(SqsTasksProperties properties) {
		this.names.checkPrefix();
		Duration maxDelay = properties.getMaxDelay();
		if (maxDelay.compareTo(Duration.ofSeconds(1)) < 0 || maxDelay.compareTo(MAX_DELAY_LIMIT) > 0) {
			reject("sqs-tasks.max-delay is %s; it must be 1s to %dd (a delivery time is kept in epoch milliseconds)",
					format(maxDelay), MAX_DELAY_LIMIT.toDays());
		}
		embeddedBroker(properties.getEmbeddedBroker());
		listener(properties.getListener());
		QueueProperties defaults = properties.getDefaults();
		queue("sqs-tasks.defaults", defaults);
		attributes("sqs-tasks.defaults", null, defaults);
		backoffOrder("sqs-tasks.defaults", defaults.getBackoff(), new Backoff());
		for (Map.Entry<String, QueueProperties> entry : properties.getQueues().entrySet()) {
			String key = queueKey(entry.getKey());
			QueueProperties own = entry.getValue();
			this.names.check(key, entry.getKey());
			queue(key, own);
			attributes(key, entry.getKey(), own);
			backoffOrder(key, own.getBackoff(), defaults.getBackoff());
			deadLetterQueueType(key, entry.getKey(), own, defaults);
		}
	}

	private void embeddedBroker(EmbeddedBroker broker) {
		between("sqs-tasks.embedded-broker.port", broker.getPort(), 0, 65535,
				"it must be 0 (a free port) to 65535");
		if (broker.isEnabled() && !broker.isAllowNonLoopback() && !isLoopback(broker.getHost())) {
			reject("sqs-tasks.embedded-broker.host is '%s', not a loopback address; the embedded broker has no "
					+ "authentication, so anyone who reaches it can read and send messages. Bind it to 127.0.0.1 "
					+ "(the default) or localhost, or set sqs-tasks.embedded-broker.allow-non-loopback=true to expose "
					+ "it on purpose (for example to the other containers of a development set-up)", broker.getHost());
		}
	}

	private void listener(Listener listener) {
		for (int i = 0; i < listener.getQueues().size(); i++) {
			this.names.check("sqs-tasks.listener.queues[" + i + "]", listener.getQueues().get(i));
		}
		atLeast("sqs-tasks.listener.shutdown-timeout", listener.getShutdownTimeout(), Duration.ZERO);
		atLeast("sqs-tasks.listener.acknowledgement-interval", listener.getAcknowledgementInterval(), Duration.ZERO);
		between("sqs-tasks.listener.acknowledgement-threshold", listener.getAcknowledgementThreshold(), 0,
				DELETE_BATCH_SIZE, "a DeleteMessageBatch takes 1 to 10 messages (0 and 1 both delete each at once)");
		between("sqs-tasks.listener.max-connections", listener.getMaxConnections(), 1, 100_000,
				"the SQS client's HTTP connections, one per consumed queue's long poll and more for sends and deletes");
		SqsTasksProperties.ShutdownPolicy policy = listener.getShutdownPolicy();
		atLeast("sqs-tasks.listener.shutdown-policy.idle", policy.getIdle(), Duration.ZERO);
		Long maxTasks = policy.getMaxTasks();
		if (maxTasks != null && maxTasks < 1) {
			reject("sqs-tasks.listener.shutdown-policy.max-tasks is %d; it must be at least 1 (leave it unset for "
					+ "no limit)", maxTasks);
		}
	}

	/** The largest batch a batch handler takes in one call. */
	private static final int MAX_BATCH_SIZE = 1000;

	/** The slowest rate a queue may be limited to: one start an hour. */
	private static final double MIN_RATE = 1.0 / 3600;

	/** The fastest: one start every 10 microseconds, beyond what one instance can start. */
	private static final double MAX_RATE = 100_000;

	private void queue(String key, QueueProperties queue) {
		atLeast(key + ".concurrency", queue.getConcurrency(), 1);
		atLeast(key + ".prefetch", queue.getPrefetch(), 0);
		sqsRange(key + ".poll-timeout", queue.getPollTimeout(), Duration.ZERO, MAX_POLL_TIMEOUT);
		atLeast(key + ".receive-batch-window", queue.getReceiveBatchWindow(), Duration.ZERO);
		sqsRange(key + ".visibility-timeout", queue.getVisibilityTimeout(), Duration.ofSeconds(1), TWELVE_HOURS);
		Integer maxReceiveCount = queue.getMaxReceiveCount();
		if (maxReceiveCount != null && (maxReceiveCount < 1 || maxReceiveCount > SQS_MAX_RECEIVE_COUNT)) {
			reject("%s.max-receive-count is %d; SQS allows 1 to %d", key, maxReceiveCount, SQS_MAX_RECEIVE_COUNT);
		}
		Duration maxProcessingTime = queue.getMaxProcessingTime();
		if (maxProcessingTime != null
				&& (maxProcessingTime.isNegative() || maxProcessingTime.isZero() || longerThan12Hours(maxProcessingTime))) {
			reject("%s.max-processing-time is %s; it must be more than 0s and at most 12h (SQS keeps a received "
					+ "message invisible for 12h at most)", key, format(maxProcessingTime));
		}
		Integer batchSize = queue.getBatchSize();
		if (batchSize != null && (batchSize < 1 || batchSize > MAX_BATCH_SIZE)) {
			reject("%s.batch-size is %d; it must be from 1 to %d", key, batchSize, MAX_BATCH_SIZE);
		}
		Duration batchWindow = queue.getBatchWindow();
		if (batchWindow != null && (batchWindow.isNegative() || batchWindow.compareTo(Duration.ofMinutes(15)) > 0)) {
			reject("%s.batch-window is %s; it must be from 0s to 15m", key, format(batchWindow));
		}
		Duration taskTimeout = queue.getTaskTimeout();
		if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero() || longerThan12Hours(taskTimeout))) {
			reject("%s.task-timeout is %s; it must be more than 0s and at most 12h (leave it unset for no limit)", key,
					format(taskTimeout));
		}
		Double maxRate = queue.getMaxRate();
		if (maxRate != null && !(maxRate >= MIN_RATE && maxRate <= MAX_RATE)) {
			reject("%s.max-rate is %s; it must be from %s to %s handler starts per second (leave it unset for no "
					+ "limit)", key, maxRate, MIN_RATE, MAX_RATE);
		}
		DataSize maxMessageSize = queue.getMaxMessageSize();
		if (maxMessageSize != null && (maxMessageSize.toBytes() < 1
				|| maxMessageSize.toBytes() > SQS_MAX_MESSAGE_SIZE.toBytes())) {
			reject("%s.max-message-size is %s; SQS allows 1B to 1MB (%d bytes)", key, format(maxMessageSize),
					SQS_MAX_MESSAGE_SIZE.toBytes());
		}
		if (queue.getDeadLetterQueue() != null) {
			this.names.check(key + ".dead-letter-queue", queue.getDeadLetterQueue());
		}
		backoff(key + ".backoff", queue.getBackoff());
	}

	private void attributes(String key, @Nullable String queue, QueueProperties properties) {
		properties.getAttributes().forEach((name, value) -> {
			String problem = QueueAttributes.problem(name);
			if (problem != null) {
				reject("%s.attributes.%s %s", key, name, problem);
			}
			else if (queue != null && !queue.endsWith(".fifo")
					&& QueueAttributes.FIFO_ONLY.contains(QueueAttributes.resolve(name))) {
				reject("%s.attributes.%s is for FIFO queues only, and '%s' is a standard queue (FIFO queue names end "
						+ "in .fifo)", key, name, queue);
			}
		});
	}

	private void backoff(String key, Backoff backoff) {
		atLeast(key + ".initial", backoff.getInitial(), Duration.ZERO);
		Double multiplier = backoff.getMultiplier();
		if (multiplier != null && !(multiplier >= 1.0 && Double.isFinite(multiplier))) {
			reject("%s.multiplier is %s; it must be at least 1.0 (1.0: the same delay after every attempt)", key,
					multiplier);
		}
		Duration max = backoff.getMax();
		if (max != null && (max.isNegative() || longerThan12Hours(max))) {
			reject("%s.max is %s; it must be 0s to 12h (SQS's longest visibility timeout)", key, format(max));
		}
	}

	/** Compares the delays a queue ends up with, its own keys over those of 'defaults', naming where each came from. */
	private void backoffOrder(String key, Backoff own, Backoff defaults) {
		if (own.getInitial() == null && own.getMax() == null) {
			return;
		}
		String initialKey = (own.getInitial() != null) ? key : "sqs-tasks.defaults";
		String maxKey = (own.getMax() != null) ? key : "sqs-tasks.defaults";
		Duration initial = (own.getInitial() != null) ? own.getInitial() : defaults.getInitial();
		Duration max = (own.getMax() != null) ? own.getMax() : defaults.getMax();
		if (initial != null && max != null && max.compareTo(initial) < 0) {
			String mixed = initialKey.equals(maxKey) ? "" : " (" + key + " takes the other from sqs-tasks.defaults)";
			reject("%s.backoff.max is %s, less than %s.backoff.initial %s; the largest delay must be at least the "
					+ "first%s", maxKey, format(max), initialKey, format(initial), mixed);
		}
	}

	private void deadLetterQueueType(String key, String queue, QueueProperties own, QueueProperties defaults) {
		String deadLetterKey = (own.getDeadLetterQueue() != null) ? key : "sqs-tasks.defaults";
		String deadLetterQueue = (own.getDeadLetterQueue() != null) ? own.getDeadLetterQueue()
				: defaults.getDeadLetterQueue();
		if (deadLetterQueue != null && QueueNames.isFifo(queue) != QueueNames.isFifo(deadLetterQueue)) {
			reject("%s.dead-letter-queue is '%s' for queue '%s'; SQS requires the dead-letter queue of a FIFO queue "
					+ "to be a FIFO queue (name ending in '.fifo'), and of a standard queue a standard one",
					deadLetterKey, deadLetterQueue, queue);
		}
	}

	private void atLeast(String key, @Nullable Integer value, int min) {
		if (value != null && value < min) {
			reject("%s is %d; it must be at least %d", key, value, min);
		}
	}

	private void atLeast(String key, @Nullable Duration value, Duration min) {
		if (value != null && value.compareTo(min) < 0) {
			reject("%s is %s; it must be at least %s", key, format(value), format(min));
		}
	}

	private void between(String key, int value, int min, int max, String allowed) {
		if (value < min || value > max) {
			reject("%s is %d; %s", key, value, allowed);
		}
	}

	private void sqsRange(String key, @Nullable Duration value, Duration min, Duration max) {
		if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
			reject("%s is %s; SQS allows %s to %s", key, format(value), format(min), format(max));
		}
	}

	private void reject(String format, Object... arguments) {
		this.errors.reject("sqsTasks.invalidProperty", String.format(format, arguments));
	}

	private static boolean longerThan12Hours(Duration duration) {
		return duration.compareTo(TWELVE_HOURS) > 0;
	}

	/**
	 * Returns a key under {@code sqs-tasks.queues} as Boot spells it: a name with characters other than lower-case
	 * letters, digits and '-' (for example 'orders.fifo') in brackets.
	 */
	static String queueKey(String queue) {
		return queue.matches("[a-z0-9-]+") ? "sqs-tasks.queues." + queue : "sqs-tasks.queues[" + queue + "]";
	}

	/** Tells whether every address of a host is a loopback address; literal addresses are not looked up. */
	static boolean isLoopback(String host) {
		if (!StringUtils.hasText(host)) {
			return false;
		}
		try {
			InetAddress[] addresses = InetAddress.getAllByName(host);
			return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** Formats a duration as it is written in configuration: 0s, 250ms, 21s, 13h. */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0 && !duration.isZero()) {
			return duration.toNanos() + "ns";
		}
		if (millis % 3_600_000 == 0 && millis != 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0 && millis != 0) {
			return (millis / 60_000) + "m";
		}
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static String format(DataSize size) {
		long bytes = size.toBytes();
		if (bytes != 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes != 0 && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

}
