package io.github.sqstasks.autoconfigure;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS queue attributes of a queue's {@code attributes} key: which names may be set, how a configured name reads
 * ({@code MessageRetentionPeriod}, {@code message-retention-period} and an environment variable's lower-case form
 * all name the same attribute), and when a value on the broker differs from the configured one.
 */
final class QueueAttributes {

	/** Attributes the library sets itself, from the queue's name and dead-letter settings. */
	static final Set<QueueAttributeName> MANAGED = EnumSet.of(QueueAttributeName.FIFO_QUEUE,
			QueueAttributeName.REDRIVE_POLICY);

	/** Attributes only a FIFO queue takes. */
	static final Set<QueueAttributeName> FIFO_ONLY = EnumSet.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
			QueueAttributeName.DEDUPLICATION_SCOPE, QueueAttributeName.FIFO_THROUGHPUT_LIMIT);

	/** Attributes CreateQueue accepts, other than those the library manages. */
	static final Set<QueueAttributeName> SETTABLE = EnumSet.of(QueueAttributeName.DELAY_SECONDS,
			QueueAttributeName.MAXIMUM_MESSAGE_SIZE, QueueAttributeName.MESSAGE_RETENTION_PERIOD,
			QueueAttributeName.POLICY, QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
			QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_ALLOW_POLICY,
			QueueAttributeName.KMS_MASTER_KEY_ID, QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS,
			QueueAttributeName.SQS_MANAGED_SSE_ENABLED, QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
			QueueAttributeName.DEDUPLICATION_SCOPE, QueueAttributeName.FIFO_THROUGHPUT_LIMIT);

	private static final ObjectMapper JSON = new ObjectMapper();

	private QueueAttributes() {
	}

	/**
	 * Returns the attribute a configured key names, or {@code null} when it names none.
	 */
	static @Nullable QueueAttributeName resolve(String key) {
		String wanted = normalize(key);
		for (QueueAttributeName name : QueueAttributeName.knownValues()) {
			if (normalize(name.toString()).equals(wanted)) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Says why a configured key cannot be set, or returns {@code null} when it can.
	 */
	static @Nullable String problem(String key) {
		QueueAttributeName name = resolve(key);
		if (name == null) {
			return "is not an SQS queue attribute; settable ones are " + SETTABLE;
		}
		if (name == QueueAttributeName.FIFO_QUEUE) {
			return "is set by sqs-tasks from the queue's name (a name ending in .fifo makes a FIFO queue)";
		}
		if (name == QueueAttributeName.REDRIVE_POLICY) {
			return "is set by sqs-tasks from dead-letter-queue and max-receive-count; set those instead";
		}
		if (!SETTABLE.contains(name)) {
			return "is read-only: SQS computes it; settable ones are " + SETTABLE;
		}
		return null;
	}

	/**
	 * Merges the attributes of 'defaults' and of a queue, the queue's over the defaults'; FIFO-only attributes of
	 * 'defaults' apply to FIFO queues only. Keys that name no settable attribute are left out (validation refused
	 * them already).
	 */
	static Map<QueueAttributeName, String> merge(String queue, Map<String, String> defaults, Map<String, String> own) {
		Map<QueueAttributeName, String> merged = new LinkedHashMap<>();
		boolean fifo = queue.endsWith(".fifo");
		defaults.forEach((key, value) -> {
			QueueAttributeName name = resolve(key);
			if (name != null && SETTABLE.contains(name) && (fifo || !FIFO_ONLY.contains(name))) {
				merged.put(name, value);
			}
		});
		own.forEach((key, value) -> {
			QueueAttributeName name = resolve(key);
			if (name != null && SETTABLE.contains(name)) {
				merged.put(name, value);
			}
		});
		return merged;
	}

	/**
	 * Tells whether the broker's value is the configured one: the same text, the same boolean in any case, or the
	 * same JSON document (SQS may reformat a policy).
	 */
	static boolean same(String configured, @Nullable String actual) {
		if (actual == null) {
			return false;
		}
		String expected = configured.trim();
		String found = actual.trim();
		if (expected.equals(found) || (isBoolean(expected) && expected.equalsIgnoreCase(found))) {
			return true;
		}
		if (expected.startsWith("{") && found.startsWith("{")) {
			try {
				JsonNode left = JSON.readTree(expected);
				JsonNode right = JSON.readTree(found);
				return left.equals(right);
			}
			catch (Exception ex) {
				return false;
			}
		}
		return false;
	}

	private static boolean isBoolean(String value) {
		return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
	}

	private static String normalize(String key) {
		return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

}
