package io.github.sqstasks.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The configurable attributes of one queue, validated, with their raw values kept for {@code GetQueueAttributes}.
 * @param fifo whether the queue is a FIFO queue
 * @param values every configurable attribute's current value, as the API spells it
 * @param redrivePolicy the dead-letter settings, or {@code null} for none
 */
record QueueSettings(boolean fifo, Map<String, String> values, @Nullable RedrivePolicy redrivePolicy) {

	private static final Set<String> COMMON = Set.of("Policy", "VisibilityTimeout", "MaximumMessageSize",
			"MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy",
			"RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled");

	private static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication", "DeduplicationScope",
			"FifoThroughputLimit");

	static QueueSettings defaults(boolean fifo) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("VisibilityTimeout", "30");
		values.put("MaximumMessageSize", String.valueOf(Limits.MAX_MESSAGE_BYTES));
		values.put("MessageRetentionPeriod", "345600");
		values.put("DelaySeconds", "0");
		values.put("ReceiveMessageWaitTimeSeconds", "0");
		values.put("SqsManagedSseEnabled", "true");
		if (fifo) {
			values.put("FifoQueue", "true");
			values.put("ContentBasedDeduplication", "false");
			values.put("DeduplicationScope", "queue");
			values.put("FifoThroughputLimit", "perQueue");
		}
		return new QueueSettings(fifo, Map.copyOf(values), null);
	}

	/**
	 * Returns these settings with the given attributes changed, after validating each of them.
	 */
	QueueSettings with(Map<String, String> changes) {
		Map<String, String> values = new LinkedHashMap<>(this.values);
		RedrivePolicy redrive = this.redrivePolicy;
		for (Map.Entry<String, String> change : changes.entrySet()) {
			String name = change.getKey();
			String value = change.getValue();
			if (!COMMON.contains(name) && !(this.fifo && FIFO_ONLY.contains(name))) {
				throw SqsErrors.invalidAttributeName(name);
			}
			validate(name, value);
			if (name.equals("RedrivePolicy")) {
				redrive = value.isEmpty() ? null : RedrivePolicy.parse(value);
				value = redrive == null ? "" : redrive.toJson();
			}
			if (value.isEmpty()) {
				values.remove(name);
			}
			else {
				values.put(name, value);
			}
		}
		return new QueueSettings(this.fifo, Map.copyOf(values), redrive);
	}

	private static void validate(String name, String value) {
		switch (name) {
			case "VisibilityTimeout" -> number(name, value, 0, Limits.MAX_VISIBILITY_SECONDS);
			case "MaximumMessageSize" -> number(name, value, Limits.MIN_MESSAGE_BYTES, Limits.MAX_MESSAGE_BYTES);
			case "MessageRetentionPeriod" ->
				number(name, value, Limits.MIN_RETENTION_SECONDS, Limits.MAX_RETENTION_SECONDS);
			case "DelaySeconds" -> number(name, value, 0, Limits.MAX_DELAY_SECONDS);
			case "ReceiveMessageWaitTimeSeconds" -> number(name, value, 0, Limits.MAX_WAIT_SECONDS);
			case "ContentBasedDeduplication", "SqsManagedSseEnabled" -> bool(name, value);
			default -> {
			}
		}
	}

	private static void number(String name, String value, int min, int max) {
		try {
			Limits.checkRange(name, Integer.parseInt(value.trim()), min, max);
		}
		catch (NumberFormatException ex) {
			throw SqsErrors.invalidParameter("Invalid value for the parameter " + name + ": " + value);
		}
	}

	private static void bool(String name, String value) {
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw SqsErrors.invalidParameter("Invalid value for the parameter " + name + ": " + value);
		}
	}

	int intValue(String name) {
		return Integer.parseInt(this.values.get(name).trim());
	}

	int visibilityTimeout() {
		return intValue("VisibilityTimeout");
	}

	int delaySeconds() {
		return intValue("DelaySeconds");
	}

	int maximumMessageSize() {
		return intValue("MaximumMessageSize");
	}

	int receiveWaitSeconds() {
		return intValue("ReceiveMessageWaitTimeSeconds");
	}

	long retentionMillis() {
		return intValue("MessageRetentionPeriod") * 1000L;
	}

	boolean contentBasedDeduplication() {
		return Boolean.parseBoolean(this.values.getOrDefault("ContentBasedDeduplication", "false"));
	}

}
