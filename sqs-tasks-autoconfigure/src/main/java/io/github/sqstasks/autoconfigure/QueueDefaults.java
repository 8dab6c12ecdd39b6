package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The defaults of the per-queue settings, written once, as a user would write them under {@code sqs-tasks.defaults}:
 * {@link QueueSettingsFactory} reads them, and a test checks the README's configuration table and the configuration
 * metadata against them. A setting that is unset by default ({@code visibility-timeout}, {@code dead-letter-queue})
 * has none.
 */
enum QueueDefaults {

	/** {@code concurrency}. */
	CONCURRENCY("concurrency", "10"),

	/** {@code prefetch}: how many messages wait for a free handler; chosen in benchmarks/README.md. */
	PREFETCH("prefetch", "90"),

	/** {@code poll-timeout}: SQS's longest long poll. */
	POLL_TIMEOUT("poll-timeout", "20s"),

	/** {@code receive-batch-window}: chosen in benchmarks/README.md. */
	RECEIVE_BATCH_WINDOW("receive-batch-window", "200ms"),

	/** {@code max-receive-count}. */
	MAX_RECEIVE_COUNT("max-receive-count", "5"),

	/** {@code delete-on-start}. */
	DELETE_ON_START("delete-on-start", "false"),

	/** {@code max-processing-time}. */
	MAX_PROCESSING_TIME("max-processing-time", "1h"),

	/** {@code max-message-size}: SQS's limit. */
	MAX_MESSAGE_SIZE("max-message-size", "1MB"),

	/** {@code batch-size}: the most messages one batch handler call takes (SQS's receive maximum). */
	BATCH_SIZE("batch-size", "10"),

	/** {@code batch-window}: no wait for a batch to fill. */
	BATCH_WINDOW("batch-window", "0s"),

	/** {@code backoff.initial}. */
	BACKOFF_INITIAL("backoff.initial", "1s"),

	/** {@code backoff.multiplier}. */
	BACKOFF_MULTIPLIER("backoff.multiplier", "2.0"),

	/** {@code backoff.max}. */
	BACKOFF_MAX("backoff.max", "15m"),

	/** {@code backoff.jitter}. */
	BACKOFF_JITTER("backoff.jitter", "true");

	private final String key;

	private final String value;

	QueueDefaults(String key, String value) {
		this.key = key;
		this.value = value;
	}

	/**
	 * Returns the key under {@code sqs-tasks.defaults} (and {@code sqs-tasks.queues.<name>}).
	 * @return the key, e.g. {@code backoff.initial}
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Returns the default as written in configuration.
	 * @return the value, e.g. {@code 200ms}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Returns every default by key.
	 * @return key to value as written in configuration
	 */
	public static Map<String, String> byKey() {
		return Stream.of(values()).collect(Collectors.toMap(QueueDefaults::key, QueueDefaults::value));
	}

	int intValue() {
		return Integer.parseInt(this.value);
	}

	double doubleValue() {
		return Double.parseDouble(this.value);
	}

	boolean booleanValue() {
		return Boolean.parseBoolean(this.value);
	}

	Duration duration() {
		return DurationStyle.detectAndParse(this.value);
	}

	DataSize dataSize() {
		return DataSize.parse(this.value);
	}


}
