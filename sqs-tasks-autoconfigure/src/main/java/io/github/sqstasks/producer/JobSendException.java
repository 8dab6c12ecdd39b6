package io.github.sqstasks.producer;

/**
 * Thrown when a job could not be sent. When SQS refused it, nothing of it reached the queue. When no answer came back
 * (the connection dropped or timed out after the SDK's retries), the job may still have reached the queue, so sending
 * it again may enqueue it twice.
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
