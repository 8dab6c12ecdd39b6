package io.github.sqstasks.metrics;

import io.micrometer.common.KeyValues;

/**
 * The default tags of a handler run: {@code queue} and {@code task} (as on every sqs-tasks meter), and the
 * OpenTelemetry messaging attributes {@code messaging.system} ({@code aws_sqs}), {@code messaging.destination.name}
 * (the SQS queue name), {@code messaging.operation.name} and {@code messaging.operation.type} ({@code process}); the
 * message id as the high-cardinality {@code messaging.message.id}. The span is named {@code process <task>}.
 */
public class DefaultTaskProcessObservationConvention implements TaskProcessObservationConvention {

	/** A shared instance. */
	public static final DefaultTaskProcessObservationConvention INSTANCE = new DefaultTaskProcessObservationConvention();

	private static final String PROCESS = "process";

	@Override
	public KeyValues getLowCardinalityKeyValues(TaskProcessContext context) {
		return KeyValues.of("queue", context.getQueue(), "task", context.getTask(), MessagingKeys.SYSTEM,
				MessagingKeys.SYSTEM_SQS, MessagingKeys.DESTINATION, context.getDestination(),
				MessagingKeys.OPERATION_NAME, PROCESS, MessagingKeys.OPERATION_TYPE, PROCESS);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TaskProcessContext context) {
		return KeyValues.of(MessagingKeys.MESSAGE_ID, context.getMessageId());
	}

	@Override
	public String getContextualName(TaskProcessContext context) {
		return PROCESS + " " + context.getTask();
	}

}
