package io.github.sqstasks;

import org.jspecify.annotations.Nullable;

/**
 * Runs around every handler invocation, in the order of the beans ({@code @Order} / {@code Ordered}); "after"
 * callbacks run in reverse order. Callbacks run on the handler's thread with the message's context current.
 *
 * <p>For example, closing a database connection after each message is an {@link #afterCompletion} of one line. An
 * exception from {@link #beforeTask} fails the message like a handler error; exceptions from the other callbacks are
 * logged and do not change the outcome.
 */
public interface TaskInterceptor {

	/**
	 * Called before the handler runs.
	 * @param message the message about to be handled
	 */
	default void beforeTask(TaskMessage message) {
	}

	/**
	 * Called after the handler returned normally.
	 * @param message the handled message
	 */
	default void afterTask(TaskMessage message) {
	}

	/**
	 * Called after the handler threw, {@code RetryLater} and {@code DoNotRetry} included.
	 * @param message the message
	 * @param error what the handler threw
	 */
	default void onError(TaskMessage message, Throwable error) {
	}

	/**
	 * Called after every invocation, whatever its outcome.
	 * @param message the message
	 * @param error what the handler threw, or {@code null} when it returned normally
	 */
	default void afterCompletion(TaskMessage message, @Nullable Throwable error) {
	}

}
