package io.github.sqstasks.core;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the queue, task and message id of the message being handled into the logging MDC for the handler's run, under
 * {@value #QUEUE}, {@value #TASK} and {@value #MESSAGE_ID}, and restores what was there before.
 */
public final class MessageMdc implements AutoCloseable {

	/** The MDC key of the queue's name, without prefix. */
	public static final String QUEUE = "sqs.queue";

	/** The MDC key of the task's registered name. */
	public static final String TASK = "sqs.task";

	/** The MDC key of the SQS message id; absent while a batch handler runs. */
	public static final String MESSAGE_ID = "sqs.messageId";

	private static final String[] KEYS = { QUEUE, TASK, MESSAGE_ID };

	private final @Nullable String[] previous = new String[KEYS.length];

	private MessageMdc(@Nullable String... values) {
		for (int i = 0; i < KEYS.length; i++) {
			this.previous[i] = MDC.get(KEYS[i]);
			set(KEYS[i], values[i]);
		}
	}

	/**
	 * Puts the entries until the returned value is closed.
	 * @param queue the queue name without prefix
	 * @param task the registered task name (never the producer's text: it was matched against the registry)
	 * @param messageId the message id, or {@code null} for a batch
	 * @return what to close after the run
	 */
	public static MessageMdc put(String queue, String task, @Nullable String messageId) {
		return new MessageMdc(queue, task, messageId);
	}

	@Override
	public void close() {
		for (int i = 0; i < KEYS.length; i++) {
			set(KEYS[i], this.previous[i]);
		}
	}

	private static void set(String key, @Nullable String value) {
		if (value == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
	}

}
