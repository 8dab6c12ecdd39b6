package io.github.sqstasks.core;

import java.util.List;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link TaskInterceptor}s around one invocation: "before" in order, "after" in reverse order.
 */
final class TaskInterceptors {

	private static final Logger logger = LoggerFactory.getLogger(TaskInterceptors.class);

	private final List<TaskInterceptor> interceptors;

	TaskInterceptors(List<TaskInterceptor> interceptors) {
		this.interceptors = List.copyOf(interceptors);
	}

	void around(List<TaskMessage> messages, Invocation invocation) throws Exception {
		if (this.interceptors.isEmpty()) {
			invocation.run();
			return;
		}
		int started = 0;
		Throwable error = null;
		try {
			for (TaskInterceptor interceptor : this.interceptors) {
				for (TaskMessage message : messages) {
					inContextOf(message, messages.size(), () -> interceptor.beforeTask(message));
				}
				started++;
			}
			invocation.run();
		}
		catch (Exception | Error ex) {
			error = ex;
			throw ex;
		}
		finally {
			for (int i = started - 1; i >= 0; i--) {
				after(this.interceptors.get(i), messages, error);
			}
		}
	}

	private static void after(TaskInterceptor interceptor, List<TaskMessage> messages, @Nullable Throwable error) {
		for (TaskMessage message : messages) {
			try {
				inContextOf(message, messages.size(), () -> {
					if (error == null) {
						interceptor.afterTask(message);
					}
					else {
						interceptor.onError(message, error);
					}
					interceptor.afterCompletion(message, error);
				});
			}
			catch (RuntimeException ex) {
				logger.warn("TaskInterceptor {} failed after message {} on queue '{}'; the outcome is unchanged",
						interceptor.getClass().getName(), message.messageId(), message.queue(), LogSafe.throwable(ex));
			}
		}
	}

	/**
	 * Runs an interceptor callback for one message of a batch with that message's received context and MDC, as a
	 * single message's callbacks run (its invocation has set them already).
	 */
	private static void inContextOf(TaskMessage message, int batchSize, Runnable callback) {
		if (batchSize == 1) {
			callback.run();
			return;
		}
		String task = (message.taskName() != null) ? message.taskName() : TaskRegistry.UNKNOWN_TASK;
		try (TaskContext.Scope scope = message.context().activateReceived();
				MessageMdc mdc = MessageMdc.put(message.queue(), task, message.messageId())) {
			callback.run();
		}
	}

	/**
	 * The handler call.
	 */
	@FunctionalInterface
	interface Invocation {

		void run() throws Exception;

	}

}
