package io.github.sqstasks.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one job sent ({@code sqstasks.send}): what an {@link TaskSendObservationConvention}
 * reads. Its carrier collects the trace entries a tracing handler injects, which travel in the job's
 * {@code JobContext}.
 */
public class TaskSendContext extends SenderContext<Map<String, String>> {

	private final String queue;

	private final String task;

	private final String destination;

	private @Nullable String messageId;

	/**
	 * Creates the context.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param destination the queue's SQS name (with {@code queue-prefix})
	 */
	public TaskSendContext(String queue, String task, String destination) {
		super((map, key, value) -> map.put(TaskObservations.TRACE_PREFIX + key, value), Kind.PRODUCER);
		this.queue = queue;
		this.task = task;
		this.destination = destination;
		setCarrier(new LinkedHashMap<>());
	}

	/**
	 * Returns the queue name without prefix.
	 * @return the queue
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the task name.
	 * @return the task
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
	 * Returns the id SQS gave the message; set once the send returned.
	 * @return the message id, or {@code null} before the send returned, when it failed, or inside a batch (sent later)
	 */
	public @Nullable String getMessageId() {
		return this.messageId;
	}

	/**
	 * Sets the id SQS gave the message.
	 * @param messageId the message id, or {@code null}
	 */
	public void setMessageId(@Nullable String messageId) {
		this.messageId = messageId;
	}

}
