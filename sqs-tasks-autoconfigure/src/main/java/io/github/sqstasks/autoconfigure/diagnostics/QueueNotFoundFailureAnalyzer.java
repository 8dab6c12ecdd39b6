package io.github.sqstasks.autoconfigure.diagnostics;

import io.github.sqstasks.core.QueueNotFoundException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a queue that does not exist while {@code sqs-tasks.create-queues} is off.
 */
final class QueueNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<QueueNotFoundException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, QueueNotFoundException cause) {
		String description = "The SQS queue '" + cause.getPhysicalName() + "' (sqs-tasks queue '" + cause.getQueue()
				+ "') does not exist, and sqs-tasks does not create queues (sqs-tasks.create-queues is false).";
		String action = "Create the queue '" + cause.getPhysicalName() + "' (and its dead-letter queue, if it has one) "
				+ "on the broker, or set sqs-tasks.create-queues=true to have sqs-tasks create it at start-up. "
				+ "If the queue exists, check sqs-tasks.queue-prefix and the region and account the SQS client uses.";
		return new FailureAnalysis(description, action, cause);
	}

}
