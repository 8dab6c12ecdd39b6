package io.github.sqstasks.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.sqstasks.core.QueueNotFoundException;
import io.github.sqstasks.core.QueueResolver;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Asks SQS for a queue's URL and message counts, asynchronously and within a time limit, so that many queues can be
 * checked at once and an unreachable broker does not hold the caller.
 */
public final class QueueProbe {

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	private final Duration timeout;

	/**
	 * Creates a probe.
	 * @param sqs the client
	 * @param queues resolves names without prefix to SQS names and URLs
	 * @param timeout how long a probe waits for SQS
	 */
	public QueueProbe(SqsAsyncClient sqs, QueueResolver queues, Duration timeout) {
		this.sqs = sqs;
		this.queues = queues;
		this.timeout = timeout;
	}

	/**
	 * Starts a probe of a queue. The future always completes normally, with the error described in the result.
	 * @param queue the queue name without prefix
	 * @return the counts or the error, within the time limit
	 */
	public CompletableFuture<Result> probe(String queue) {
		String name = this.queues.physicalName(queue);
		CompletableFuture<Result> probe;
		try {
			probe = this.sqs.getQueueUrl((request) -> request.queueName(name))
				.thenCompose((response) -> this.sqs.getQueueAttributes((request) -> request
					.queueUrl(response.queueUrl())
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)))
				.thenApply((response) -> new Result(queue, name, counts(response.attributes()), null));
		}
		catch (RuntimeException ex) {
			probe = CompletableFuture.failedFuture(ex);
		}
		return probe.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionally((error) -> new Result(queue, name, null, describe(name, error)));
	}

	/**
	 * Describes a failed SQS call on a queue so that an operator knows what to do.
	 * @param name the queue's SQS name
	 * @param error the failure, possibly wrapped
	 * @return the description
	 */
	public String describe(String name, Throwable error) {
		Throwable cause = unwrap(error);
		if (cause instanceof QueueNotFoundException) {
			return cause.getMessage();
		}
		if (cause instanceof QueueDoesNotExistException) {
			return "SQS queue '" + name + "' does not exist: create it, or set sqs-tasks.create-queues=true and "
					+ "restart the application";
		}
		if (cause instanceof PurgeQueueInProgressException) {
			return "a purge of SQS queue '" + name + "' is already in progress and SQS allows one purge a queue every "
					+ "60 seconds: try again in a minute";
		}
		if (cause instanceof TimeoutException) {
			return "SQS did not answer for queue '" + name + "' within " + this.timeout.toMillis() + " ms: check the "
					+ "SQS endpoint, the network and the credentials";
		}
		if (cause instanceof SqsException sqsError && sqsError.awsErrorDetails() != null) {
			return "SQS refused a request on queue '" + name + "': " + sqsError.awsErrorDetails().errorCode() + ": "
					+ sqsError.awsErrorDetails().errorMessage();
		}
		return "SQS request on queue '" + name + "' failed: " + cause;
	}

	private static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static QueueCounts counts(Map<QueueAttributeName, String> attributes) {
		return new QueueCounts(count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
				count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
				count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
	}

	private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
		String value = attributes.get(name);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	/**
	 * What a probe found.
	 *
	 * @param queue the queue name without prefix
	 * @param name the queue's SQS name
	 * @param counts its message counts, or {@code null} when it could not be reached
	 * @param error why it could not be reached, or {@code null}
	 */
	public record Result(String queue, String name, @Nullable QueueCounts counts, @Nullable String error) {

		/**
		 * Tells whether SQS answered with the counts.
		 * @return whether {@link #counts()} is set
		 */
		public boolean reachable() {
			return this.counts != null;
		}

	}

}
