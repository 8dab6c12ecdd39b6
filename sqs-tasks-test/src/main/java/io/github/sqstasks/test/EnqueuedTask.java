package io.github.sqstasks.test;

import java.time.Instant;
import java.util.Map;

import io.github.sqstasks.memory.MessageState;
import org.jspecify.annotations.Nullable;

/**
 * A job as it sits in an in-memory queue, decoded: what a test asserts about what was enqueued.
 *
 * @param messageId the SQS message id
 * @param taskName the {@code JobName}, or {@code null} for a raw message
 * @param arguments the body's named arguments as plain JSON values (empty for a raw or non-JSON body)
 * @param body the raw body
 * @param context the propagated context, the library's reserved keys left out
 * @param state visible, in flight or delayed
 * @param visibleAt when it becomes receivable (a delay or a retry's backoff ends)
 * @param receiveCount how often it was received
 * @param groupId the FIFO group, or {@code null}
 * @param attributes the string message attributes, {@code FailureReason} of a dead-lettered message included
 */
public record EnqueuedTask(String messageId, @Nullable String taskName, Map<String, Object> arguments, String body,
		Map<String, String> context, MessageState state, Instant visibleAt, int receiveCount, @Nullable String groupId,
		Map<String, String> attributes) {

	/**
	 * Returns one argument.
	 * @param name the argument's name
	 * @return its JSON value (string, number, boolean, list, map) or {@code null}
	 */
	public @Nullable Object argument(String name) {
		return this.arguments.get(name);
	}

}
