package io.github.sqstasks.core;

/**
 * Thrown for a message that can never succeed, whatever is deployed: a body that is not a JSON object (or breaks the
 * strict JSON rules), a {@code ContentType} other than {@code json}, a {@code JobContext} that is not a JSON object, or
 * a reserved {@code _sqs_tasks_} context value that is malformed or impossible.
 *
 * <p>Unlike other {@link TaskMessageException}s it is not retried: the message goes to the dead-letter queue at its
 * first attempt, with this exception's message as its reason.
 */
public class PoisonMessageException extends TaskMessageException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming queue, task, message id and field
	 * @param cause the underlying error, if any
	 */
	public PoisonMessageException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming queue, task, message id and field
	 */
	public PoisonMessageException(String message) {
		super(message);
	}

}
