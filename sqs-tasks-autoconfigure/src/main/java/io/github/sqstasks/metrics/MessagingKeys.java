package io.github.sqstasks.metrics;

/**
 * The OpenTelemetry messaging attributes the default conventions set, and their fixed values.
 */
final class MessagingKeys {

	static final String SYSTEM = "messaging.system";

	static final String SYSTEM_SQS = "aws_sqs";

	static final String DESTINATION = "messaging.destination.name";

	static final String OPERATION_NAME = "messaging.operation.name";

	static final String OPERATION_TYPE = "messaging.operation.type";

	static final String MESSAGE_ID = "messaging.message.id";

	private MessagingKeys() {
	}

}
