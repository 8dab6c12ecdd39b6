package io.github.sqstasks.metrics;

import io.micrometer.common.KeyValues;

/**
 * The default tags of a job sent: {@code queue} and {@code task} (as on every sqs-tasks meter), and the OpenTelemetry
 * messaging attributes {@code messaging.system} ({@code aws_sqs}), {@code messaging.destination.name} (the SQS queue
 * name), {@code messaging.operation.name} and {@code messaging.operation.type} ({@code send}); once SQS answered, the
 * message id as the high-cardinality {@code messaging.message.id}. The span is named {@code send <task>}.
 */
public class DefaultTaskSendObservationConvention implements TaskSendObservationConvention {

	/** A shared instance. */
	public static final DefaultTaskSendObservationConvention INSTANCE = new DefaultTaskSendObservationConvention();

	private static final String SEND = "send";

	@Override
	public KeyValues getLowCardinalityKeyValues(TaskSendContext context) {
		return KeyValues.of("queue", context.getQueue(), "task", context.getTask(), MessagingKeys.SYSTEM,
				MessagingKeys.SYSTEM_SQS, MessagingKeys.DESTINATION, context.getDestination(),
				MessagingKeys.OPERATION_NAME, SEND, MessagingKeys.OPERATION_TYPE, SEND);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TaskSendContext context) {
		String id = context.getMessageId();
		return (id != null) ? KeyValues.of(MessagingKeys.MESSAGE_ID, id) : KeyValues.empty();
	}

	@Override
	public String getContextualName(TaskSendContext context) {
		return SEND + " " + context.getTask();
	}

}
