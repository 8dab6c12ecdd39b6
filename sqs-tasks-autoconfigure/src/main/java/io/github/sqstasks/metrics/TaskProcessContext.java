package io.github.sqstasks.metrics;

import java.util.Map;

import io.github.sqstasks.TaskMessage;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation context of one handler run ({@code sqstasks.task}): what an {@link TaskProcessObservationConvention}
 * reads. Its carrier is the message's raw {@code JobContext}, from which a tracing handler reads the sender's trace.
 */
public class TaskProcessContext extends ReceiverContext<Map<String, String>> {

	private final TaskMessage message;

	private final String task;

	private final String destination;

	/**
	 * Creates the context.
	 * @param message the message being handled
	 * @param task the task name as counted: a registered task name, or {@code ?} for a name with no handler here
	 * @param destination the queue's SQS name (with {@code queue-prefix})
	 * @param carrier the message's raw {@code JobContext}, trace entries included
	 */
	public TaskProcessContext(TaskMessage message, String task, String destination, Map<String, String> carrier) {
		super((map, key) -> map.get(TaskObservations.TRACE_PREFIX + key), Kind.CONSUMER);
		this.message = message;
		this.task = task;
		this.destination = destination;
		setCarrier(carrier);
	}

	/**
	 * Returns the message being handled.
	 * @return the message
	 */
	public TaskMessage getMessage() {
		return this.message;
	}

	/**
	 * Returns the queue name as written in {@code @SqsTask}, without prefix.
	 * @return the queue
	 */
	public String getQueue() {
		return this.message.queue();
	}

	/**
	 * Returns the task name, bounded to the names registered for the queue (producers cannot add values).
	 * @return a registered task name, or {@code ?}
	 */
	public String getTask() {
		return this.task;
	}

	/**
	 * Returns the queue's name in SQS, {@code queue-prefix} included.
	 * @return the SQS queue name
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * Returns the SQS message id.
	 * @return the message id
	 */
	public String getMessageId() {
		return this.message.messageId();
	}

}
