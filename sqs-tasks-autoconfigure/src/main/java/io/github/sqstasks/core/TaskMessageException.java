package io.github.sqstasks.core;

/**
 * Thrown when a received message cannot be turned into a handler call: malformed body, missing {@code JobName},
 * unknown task, unsupported {@code ContentType}, missing or wrongly typed argument.
 *
 * <p>It fails like a handler error, so it is retried and finally dead-lettered: a rolling deploy may bring the missing
 * handler or the new parameter type. Messages that no deploy can cure throw the subclass
 * {@link PoisonMessageException} and are dead-lettered at once. Its message holds no body or argument value (they may
 * be personal data) and only escaped producer-chosen names, so it can be logged as it is.
 */
public class TaskMessageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming queue, task, message id and field
	 * @param cause the underlying error, if any
	 */
	public TaskMessageException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming queue, task, message id and field
	 */
	public TaskMessageException(String message) {
		super(message);
	}

}
