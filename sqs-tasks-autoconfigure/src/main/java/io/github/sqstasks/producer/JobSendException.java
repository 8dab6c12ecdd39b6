package io.github.sqstasks.producer;

/**
 * Thrown when a job could not be sent; nothing of it reached the queue unless the message says otherwise.
 */
public class JobSendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed, naming queue and task
	 * @param cause the underlying error
	 */
	public JobSendException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates the exception.
	 * @param message what failed, naming queue and task
	 */
	public JobSendException(String message) {
		super(message);
	}

}
