package io.github.sqstasks.core;

/**
 * Thrown when a queue that sqs-tasks needs does not exist on the broker.
 */
public class QueueNotFoundException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String queue;

	private final String physicalName;

	/**
	 * Creates the exception.
	 * @param queue the name as written in code or configuration
	 * @param physicalName the SQS name, with prefix
	 * @param cause the broker's error
	 */
	public QueueNotFoundException(String queue, String physicalName, Throwable cause) {
		super("SQS queue '" + physicalName + "' (sqs-tasks queue '" + queue + "') does not exist. Create it, or set "
				+ "sqs-tasks.create-queues=true to have sqs-tasks create it (and its dead-letter queue) at start-up.",
				cause);
		this.queue = queue;
		this.physicalName = physicalName;
	}

	/**
	 * Returns the queue's name as written in code or configuration.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the queue's name on SQS, with the prefix.
	 * @return the SQS queue name
	 */
	public String getPhysicalName() {
		return this.physicalName;
	}

}
