package io.github.sqstasks.deadletter;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message waiting in a dead-letter queue, as {@link DeadLetterQueues#peek} shows it.
 *
 * @param messageId its id in the dead-letter queue, which {@link DeadLetterQueues#replay} and
 * {@link DeadLetterQueues#discard} take
 * @param taskName the task it was sent for ({@code JobName}), {@code null} for a raw message
 * @param body the body as sent
 * @param context the propagated context, without the library's reserved {@code _sqs_tasks_} keys
 * @param failureReason why it failed, when the library dead-lettered it and the reason fitted
 * @param receiveCount the receive count SQS reports, the peek that read it included
 * @param sentAt when it was sent to the dead-letter queue (when SQS moved it: when it was first sent)
 */
public record DeadLetter(String messageId, @Nullable String taskName, String body, Map<String, String> context,
		@Nullable String failureReason, int receiveCount, @Nullable Instant sentAt) {

	/**
	 * Creates a dead letter, keeping an unmodifiable copy of the context.
	 */
	public DeadLetter {
		context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
	}

}
