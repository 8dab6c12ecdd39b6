package io.github.sqstasks.actuate;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * Thrown by the {@code sqstasks} endpoint when a request names an unknown queue or action, or SQS refuses the
 * operation; its message names the queue and says what to do.
 */
public class SqsTasksEndpointException extends InvalidEndpointRequestException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	private final String queue;

	/**
	 * Creates the exception.
	 * @param kind what went wrong
	 * @param queue the queue named in the request
	 * @param message what happened and what to do
	 */
	public SqsTasksEndpointException(Kind kind, String queue, String message) {
		super(message, message);
		this.kind = kind;
		this.queue = queue;
	}

	/**
	 * Returns what went wrong.
	 * @return the kind of failure
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Returns the queue named in the request.
	 * @return the queue name without prefix, as given
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * What went wrong, so that the web extension can answer with a matching HTTP status.
	 */
	public enum Kind {

		/** The queue has no handler and is not configured (404). */
		UNKNOWN_QUEUE,

		/** The dead-letter queue holds no message with the given id, or not among those it looked at (404). */
		UNKNOWN_MESSAGE,

		/** The request cannot be carried out as given, like an unknown action (400). */
		INVALID_REQUEST,

		/** SQS could not be reached or refused the operation (503). */
		BROKER_ERROR

	}

}
