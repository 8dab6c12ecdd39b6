package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.github.sqstasks.autoconfigure.SqsTasksProperties.Backoff;
import io.github.sqstasks.autoconfigure.SqsTasksProperties.QueueProperties;
import io.github.sqstasks.listener.QueueSettings;
import io.github.sqstasks.retry.BackoffPolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.util.unit.DataSize;

/**
 * Resolves the effective {@link QueueSettings} of a queue: its own keys over 'defaults'; a {@link BackoffPolicy}
 * bean, when there is one, replaces the configured backoff of every queue.
 */
final class QueueSettingsFactory implements Function<String, QueueSettings> {

	private final SqsTasksProperties properties;

	private final @Nullable BackoffPolicy backoffOverride;

	QueueSettingsFactory(SqsTasksProperties properties, @Nullable BackoffPolicy backoffOverride) {
		this.properties = properties;
		this.backoffOverride = backoffOverride;
	}

	@Override
	public QueueSettings apply(String queue) {
		QueueProperties defaults = this.properties.getDefaults();
		QueueProperties own = this.properties.getQueues().getOrDefault(queue, new QueueProperties());
		return new QueueSettings(queue,
				pick(own.getConcurrency(), defaults.getConcurrency(), QueueDefaults.CONCURRENCY.intValue()),
				pick(own.getPrefetch(), defaults.getPrefetch(), QueueDefaults.PREFETCH.intValue()),
				pick(own.getPollTimeout(), defaults.getPollTimeout(), QueueDefaults.POLL_TIMEOUT.duration()),
				pick(own.getReceiveBatchWindow(), defaults.getReceiveBatchWindow(),
						QueueDefaults.RECEIVE_BATCH_WINDOW.duration()),
				pickNullable(own.getVisibilityTimeout(), defaults.getVisibilityTimeout()),
				pickNullable(own.getDeadLetterQueue(), defaults.getDeadLetterQueue()),
				pick(own.getMaxReceiveCount(), defaults.getMaxReceiveCount(), QueueDefaults.MAX_RECEIVE_COUNT.intValue()),
				backoff(own.getBackoff(), defaults.getBackoff()),
				pick(own.getDeleteOnStart(), defaults.getDeleteOnStart(), QueueDefaults.DELETE_ON_START.booleanValue()),
				pick(own.getMaxProcessingTime(), defaults.getMaxProcessingTime(),
						QueueDefaults.MAX_PROCESSING_TIME.duration()),
				pickNullable(own.getTaskTimeout(), defaults.getTaskTimeout()),
				pickNullable(own.getMaxRate(), defaults.getMaxRate()),
				pick(own.getBatchSize(), defaults.getBatchSize(), QueueDefaults.BATCH_SIZE.intValue()),
				pick(own.getBatchWindow(), defaults.getBatchWindow(), QueueDefaults.BATCH_WINDOW.duration()));
	}

	/**
	 * Returns the largest message a queue accepts: its own {@code max-message-size} over the default's, else SQS's
	 * 1 MiB; a configured size above that never gets here, {@link SqsTasksProperties} refuses it at start-up.
	 * @param queue the queue name without prefix
	 * @return the limit in bytes
	 */
	int maxMessageBytes(String queue) {
		QueueProperties own = this.properties.getQueues().getOrDefault(queue, new QueueProperties());
		DataSize size = pick(own.getMaxMessageSize(), this.properties.getDefaults().getMaxMessageSize(),
				QueueDefaults.MAX_MESSAGE_SIZE.dataSize());
		return Math.toIntExact(size.toBytes());
	}

	/**
	 * Returns the SQS attributes a queue is created with: its own {@code attributes} over those of 'defaults'.
	 * @param queue the queue name without prefix
	 * @return the attributes, empty when none are configured
	 */
	Map<QueueAttributeName, String> attributes(String queue) {
		QueueProperties own = this.properties.getQueues().getOrDefault(queue, new QueueProperties());
		return QueueAttributes.merge(queue, this.properties.getDefaults().getAttributes(), own.getAttributes());
	}

	private BackoffPolicy backoff(Backoff own, Backoff defaults) {
		if (this.backoffOverride != null) {
			return this.backoffOverride;
		}
		return BackoffPolicy.exponential(
				pick(own.getInitial(), defaults.getInitial(), QueueDefaults.BACKOFF_INITIAL.duration()),
				pick(own.getMultiplier(), defaults.getMultiplier(), QueueDefaults.BACKOFF_MULTIPLIER.doubleValue()),
				pick(own.getMax(), defaults.getMax(), QueueDefaults.BACKOFF_MAX.duration()),
				pick(own.getJitter(), defaults.getJitter(), QueueDefaults.BACKOFF_JITTER.booleanValue()));
	}

	private static <T> T pick(@Nullable T own, @Nullable T defaults, T fallback) {
		if (own != null) {
			return own;
		}
		return (defaults != null) ? defaults : fallback;
	}

	private static <T> @Nullable T pickNullable(@Nullable T own, @Nullable T defaults) {
		return (own != null) ? own : defaults;
	}

}
