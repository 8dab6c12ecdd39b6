package io.github.sqstasks.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.listener.QueueSettings;
import org.jspecify.annotations.Nullable;

/**
 * A queue's {@code RedrivePolicy} attribute, and how it differs from what sqs-tasks is configured with.
 *
 * @param deadLetterTargetArn the dead-letter queue's ARN
 * @param maxReceiveCount receives before SQS moves a message
 */
record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

	private static final ObjectMapper mapper = new ObjectMapper();

	static @Nullable RedrivePolicy parse(@Nullable String json) {
		if (json == null || json.isBlank()) {
			return null;
		}
		try {
			JsonNode node = mapper.readTree(json);
			return new RedrivePolicy(node.path("deadLetterTargetArn").asText(), node.path("maxReceiveCount").asInt());
		}
		catch (Exception ex) {
			return null;
		}
	}

	static @Nullable String mismatch(@Nullable RedrivePolicy actual, @Nullable String expectedArn,
			QueueSettings settings) {
		if (expectedArn == null) {
			return (actual == null) ? null : "it has a RedrivePolicy to " + actual.deadLetterTargetArn()
					+ " but sqs-tasks has no dead-letter-queue configured for it";
		}
		if (actual == null) {
			return "sqs-tasks configures dead-letter queue '" + settings.deadLetterQueue()
					+ "' but the queue has no RedrivePolicy";
		}
		if (!actual.deadLetterTargetArn().equals(expectedArn)) {
			return "its RedrivePolicy targets " + actual.deadLetterTargetArn() + " but sqs-tasks configures "
					+ expectedArn;
		}
		if (actual.maxReceiveCount() != settings.maxReceiveCount()) {
			return "its RedrivePolicy has maxReceiveCount " + actual.maxReceiveCount()
					+ " but sqs-tasks configures max-receive-count " + settings.maxReceiveCount();
		}
		return null;
	}

}
