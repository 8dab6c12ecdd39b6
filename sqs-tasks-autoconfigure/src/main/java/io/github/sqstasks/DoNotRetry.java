package io.github.sqstasks;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler when its message can never succeed: the message is not retried.
 *
 * <p>It goes to the queue's dead-letter queue when one is configured; otherwise it is deleted and logged, with its
 * body, on the {@code io.github.sqstasks.failed} logger.
 */
public class DoNotRetry extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the signal with a reason that is logged and carried to the dead-letter queue.
	 * @param reason why the message cannot succeed
	 */
	public DoNotRetry(String reason) {
		super(reason);
	}

	/**
	 * Creates the signal with a reason and the error behind it.
	 * @param reason why the message cannot succeed
	 * @param cause the underlying error
	 */
	public DoNotRetry(String reason, @Nullable Throwable cause) {
		super(reason, cause);
	}

}
