package io.github.sqstasks.producer;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Knows, per FIFO queue, whether SQS deduplicates by content; looked up once per queue and cached.
 */
final class FifoQueues {

	private final SqsAsyncClient sqs;

	private final Map<String, Boolean> contentBased = new ConcurrentHashMap<>();

	FifoQueues(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Tells whether a FIFO queue has content-based deduplication.
	 * @param queueUrl the queue's URL
	 * @return {@code true} when SQS derives deduplication ids from the body
	 */
	boolean isContentBasedDeduplication(String queueUrl) {
		return this.contentBased.computeIfAbsent(queueUrl, this::lookUp);
	}

	private boolean lookUp(String queueUrl) {
		try {
			Map<QueueAttributeName, String> attributes = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(queueUrl)
					.attributeNames(QueueAttributeName.CONTENT_BASED_DEDUPLICATION))
				.join()
				.attributes();
			return Boolean.parseBoolean(attributes.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JobSendException("Could not read the ContentBasedDeduplication attribute of FIFO queue "
					+ queueUrl + ": " + cause.getMessage(), cause);
		}
	}

}
