package io.github.sqstasks.listener;

import java.time.Duration;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.PoisonMessageException;
import io.github.sqstasks.core.TaskMessageException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Decides what happens to a message whose handler did not return normally: retry later through the visibility
 * timeout, move to the dead-letter queue, or, with no dead-letter queue, log it with its body on the
 * {@code io.github.sqstasks.failed} logger and delete it. Nothing is dropped without a log line holding its body.
 *
 * <p>A {@link PoisonMessageException} (a message no deploy can cure) is given up on at its first attempt. Every
 * producer-chosen text in what is logged is escaped ({@link LogSafe}); bodies are logged only on the failed-message
 * logger.
 */
final class FailureHandler {

	/** The logger that receives every message given up on without a dead-letter queue, with its body. */
	static final String FAILED_LOGGER = "io.github.sqstasks.failed";

	private static final Logger logger = LoggerFactory.getLogger(FailureHandler.class);

	private static final Logger failedLogger = LoggerFactory.getLogger(FAILED_LOGGER);

	private final DeadLetterSender deadLetters;

	private final TaskCounters counters;

	FailureHandler(DeadLetterSender deadLetters, TaskCounters counters) {
		this.deadLetters = deadLetters;
		this.counters = counters;
	}

	/**
	 * Applies the outcome of a failed attempt.
	 * @param failure what failed
	 * @param actions how to delete the message or change its visibility
	 */
	void handle(Failure failure, MessageActions actions) {
		Throwable error = failure.error();
		if (error instanceof RetryLater && failure.settings().deadLetterQueue() != null
				&& failure.attempt() >= failure.settings().maxReceiveCount()) {
			// The queue's RedrivePolicy would move it at its next receive, without a reason; it goes now, with one.
			giveUp(failure, actions, "RetryLater: still asking to be retried after " + failure.attempt()
					+ " attempts (max-receive-count " + failure.settings().maxReceiveCount() + ")");
		}
		else if (error instanceof RetryLater retry) {
			Duration delay = (retry.getDelay() != null) ? retry.getDelay()
					: failure.settings().backoff().delay(failure.attempt());
			logger.info("{} asked to be retried in {} s (attempt {})", failure.describe(), seconds(delay),
					failure.attempt());
			record(failure, TaskOutcome.RETRIED);
			actions.retryIn(delay);
		}
		else if (error instanceof DoNotRetry) {
			giveUp(failure, actions, "DoNotRetry: " + error.getMessage());
		}
		else if (error instanceof PoisonMessageException) {
			logger.error("{} (poison: not retried)", error.getMessage());
			giveUp(failure, actions, reason(error));
		}
		else if (failure.attempt() >= failure.settings().maxReceiveCount()) {
			logError(failure, null);
			giveUp(failure, actions, reason(error) + " (after " + failure.attempt() + " attempts)");
		}
		else {
			Duration delay = failure.settings().backoff().delay(failure.attempt());
			logError(failure, delay);
			record(failure, TaskOutcome.RETRIED);
			actions.retryIn(delay);
		}
	}

	/**
	 * Tries again to move a message whose move to the dead-letter queue failed, without running its handler again.
	 * @param failure the message and its last attempt
	 * @param actions how to delete it or retry the move
	 * @param reason the failure reason of its last attempt
	 */
	void deadLetterAgain(Failure failure, MessageActions actions, String reason) {
		giveUp(failure, actions, reason);
	}

	private void giveUp(Failure failure, MessageActions actions, String reason) {
		String deadLetterQueue = failure.settings().deadLetterQueue();
		if (deadLetterQueue == null) {
			failedLogger.error("Dropped {} after {} attempt(s), no dead-letter queue configured: {}. Attributes: {}. "
					+ "Body: {}", failure.describe(), failure.attempt(), LogSafe.text(reason),
					attributes(failure.message()), body(failure.message()));
			record(failure, TaskOutcome.FAILED);
			actions.delete();
			return;
		}
		try {
			this.deadLetters.send(deadLetterQueue, failure.message(), reason);
		}
		catch (RuntimeException ex) {
			Duration delay = failure.settings().backoff().delay(failure.attempt());
			// A queue with a RedrivePolicy has SQS move it on its next receive; without one, this worker tries again.
			logger.error("Could not move {} to dead-letter queue '{}'; it stays in its queue and comes back in {} s, "
					+ "to be moved then (by the queue's RedrivePolicy if it has one)", failure.describe(),
					deadLetterQueue, seconds(delay), LogSafe.throwable(ex));
			record(failure, TaskOutcome.RETRIED);
			actions.retryDeadLetterIn(delay, reason);
			return;
		}
		logger.warn("Moved {} to dead-letter queue '{}': {}", failure.describe(), deadLetterQueue, LogSafe.text(reason));
		record(failure, TaskOutcome.DEAD_LETTERED);
		actions.delete();
	}

	private void record(Failure failure, TaskOutcome outcome) {
		this.counters.record(failure.settings().queue(), failure.taskName(), outcome);
	}

	private static void logError(Failure failure, @Nullable Duration retryIn) {
		String next = (retryIn != null) ? "retrying in " + seconds(retryIn) + " s" : "giving up";
		if (failure.error() instanceof TaskMessageException) {
			logger.error("{} (attempt {} of {}, {})", failure.error().getMessage(), failure.attempt(),
					failure.settings().maxReceiveCount(), next);
		}
		else {
			logger.error("{} failed (attempt {} of {}, {})", failure.describe(), failure.attempt(),
					failure.settings().maxReceiveCount(), next, LogSafe.throwable(failure.error()));
		}
	}

	static String reason(Throwable error) {
		return error.getClass().getName() + ": " + LogSafe.text(error.getMessage());
	}

	/**
	 * Renders a message's attributes for the failed-message logger, escaped.
	 * @param message the message
	 * @return {@code {name=value, ...}}
	 */
	static String attributes(Message message) {
		StringBuilder text = new StringBuilder("{");
		message.messageAttributes().forEach((name, value) -> text.append((text.length() > 1) ? ", " : "")
			.append(LogSafe.name(name))
			.append('=')
			.append(LogSafe.text((value.stringValue() != null) ? value.stringValue() : "(" + value.dataType() + ")",
					LogSafe.MAX_TEXT)));
		return text.append('}').toString();
	}

	/**
	 * Renders a message's body for the failed-message logger: whole, with control characters escaped.
	 * @param message the message
	 * @return the escaped body
	 */
	static String body(Message message) {
		String body = (message.body() != null) ? message.body() : "";
		return LogSafe.text(body, body.length());
	}

	static long seconds(Duration delay) {
		return delay.getSeconds() + ((delay.getNano() > 0) ? 1 : 0);
	}

	/**
	 * A failed attempt.
	 *
	 * @param settings the queue's settings
	 * @param message the received message
	 * @param taskName the task name, if known
	 * @param attempt the attempt number ({@code ApproximateReceiveCount})
	 * @param error what the handler or the binding threw
	 */
	record Failure(QueueSettings settings, Message message, @Nullable String taskName, int attempt, Throwable error) {

		String describe() {
			return "Task '" + LogSafe.name(this.taskName) + "' (message " + this.message.messageId() + " on queue '"
					+ this.settings.queue() + "')";
		}

	}

	/**
	 * What can be done to a received message.
	 */
	interface MessageActions {

		/**
		 * Deletes the message.
		 */
		void delete();

		/**
		 * Makes the message visible again after a delay.
		 * @param delay the delay, capped at 12 hours
		 */
		void retryIn(Duration delay);

		/**
		 * Comes back after a delay to be moved to the dead-letter queue (a move failed); by default like a retry.
		 * @param delay the delay
		 * @param reason the failure reason to move it with
		 */
		default void retryDeadLetterIn(Duration delay, String reason) {
			retryIn(delay);
		}

	}

}
