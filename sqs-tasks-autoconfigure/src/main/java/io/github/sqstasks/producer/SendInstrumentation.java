package io.github.sqstasks.producer;

import java.util.function.Function;

import io.github.sqstasks.TaskContext;
import org.jspecify.annotations.Nullable;

/**
 * Wraps each job the template enqueues, for example in a tracing span whose context it adds to the job's
 * {@code JobContext} (under reserved {@code _sqs_tasks_} keys, so that no extra message attribute is used).
 */
@FunctionalInterface
public interface SendInstrumentation {

	/** Sends as is. */
	SendInstrumentation NONE = (queue, task, context, send) -> send.apply(context);

	/**
	 * Runs one send.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param context the context the job would carry
	 * @param send sends the job with the context given to it and returns its message id ({@code null} in a batch)
	 * @return what {@code send} returned
	 */
	@Nullable String send(String queue, String task, TaskContext context,
			Function<TaskContext, @Nullable String> send);

}
