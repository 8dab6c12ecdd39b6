package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import io.github.sqstasks.retry.BackoffPolicy;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * How the listener treats failed calls to the broker: the back-off between retries, which failures are worth
 * retrying, and how they are named in logs.
 */
final class BrokerErrors {

	/** The longest wait of {@link #BACKOFF}. */
	static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	/**
	 * The wait before the next call after consecutive failures: 1 s, doubling up to 10 s (what Spring Cloud AWS's
	 * listener container waits between failed polls by default). Each call already includes the SDK's own retries.
	 */
	static final BackoffPolicy BACKOFF = BackoffPolicy.exponential(Duration.ofSeconds(1), 2.0, MAX_BACKOFF, false);

	private BrokerErrors() {
	}

	/**
	 * Tells whether a failure may go away by itself: no answer from the broker (connection refused, reset or timed
	 * out), a server error or throttling. A refusal such as an invalid receipt handle is final.
	 * @param error what the call completed with
	 * @return {@code true} when retrying later may succeed
	 */
	static boolean isTransient(Throwable error) {
		Throwable cause = unwrap(error);
		if (cause instanceof AwsServiceException service) {
			return service.statusCode() >= 500 || service.isThrottlingException();
		}
		return cause instanceof SdkClientException;
	}

	/**
	 * Describes a failure in one line, for a log message without a stack trace.
	 * @param error what the call completed with
	 * @return the exception's simple class name and message
	 */
	static String describe(Throwable error) {
		Throwable cause = unwrap(error);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	/**
	 * Returns the name of a queue from its URL, as SQS spells it (with the prefix).
	 * @param queueUrl the queue URL
	 * @return the last segment of the URL
	 */
	static String queueName(String queueUrl) {
		return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
