package io.github.sqstasks.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends up to ten prepared messages of one queue in a single {@code SendMessageBatch} request, and reports the ones
 * SQS did not accept.
 */
final class BatchSender {

	/** The most entries SQS accepts in one batch request. */
	static final int MAX_ENTRIES = 10;

	/** The largest total payload SQS accepts in one batch request. */
	static final int MAX_BATCH_BYTES = MessageFactory.MAX_MESSAGE_BYTES;

	private final SqsAsyncClient sqs;

	BatchSender(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Sends the messages.
	 * @param messages one queue's messages, at most ten and at most {@link #MAX_BATCH_BYTES} in total
	 * @return the messages that were not sent
	 */
	List<BatchSendException.FailedEntry> send(List<PreparedMessage> messages) {
		return sendReporting(messages).stream().map(Failed::entry).toList();
	}

	/**
	 * Sends the messages, and reports each one that was not sent with its message.
	 * @param messages one queue's messages, at most ten and at most {@link #MAX_BATCH_BYTES} in total
	 * @return the messages that were not sent, with why
	 */
	List<Failed> sendReporting(List<PreparedMessage> messages) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			entries.add(entry(Integer.toString(i), messages.get(i).request()));
		}
		SendMessageBatchResponse response;
		try {
			response = this.sqs
				.sendMessageBatch((request) -> request.queueUrl(messages.get(0).request().queueUrl()).entries(entries))
				.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return messages.stream().map((message) -> new Failed(message, failed(message, cause))).toList();
		}
		List<Failed> failures = new ArrayList<>();
		for (BatchResultErrorEntry error : response.failed()) {
			PreparedMessage message = messages.get(Integer.parseInt(error.id()));
			failures.add(new Failed(message, new BatchSendException.FailedEntry(message.queue(), message.task(),
					error.code(), String.valueOf(error.message()), Boolean.TRUE.equals(error.senderFault()))));
		}
		return failures;
	}

	private static SendMessageBatchRequestEntry entry(String id, SendMessageRequest request) {
		return SendMessageBatchRequestEntry.builder()
			.id(id)
			.messageBody(request.messageBody())
			.messageAttributes(request.messageAttributes())
			.delaySeconds(request.delaySeconds())
			.messageGroupId(request.messageGroupId())
			.messageDeduplicationId(request.messageDeduplicationId())
			.build();
	}

	private static BatchSendException.FailedEntry failed(PreparedMessage message, Throwable cause) {
		if (cause instanceof AwsServiceException) {
			AwsServiceException aws = (AwsServiceException) cause;
			String code = (aws.awsErrorDetails() != null) ? aws.awsErrorDetails().errorCode() : "ServiceError";
			return new BatchSendException.FailedEntry(message.queue(), message.task(), code,
					String.valueOf(aws.getMessage()), aws.statusCode() >= 400 && aws.statusCode() < 500);
		}
		return new BatchSendException.FailedEntry(message.queue(), message.task(), cause.getClass().getSimpleName(),
				String.valueOf(cause.getMessage()), false);
	}

	/**
	 * A message that was not sent, and why.
	 *
	 * @param message the message
	 * @param entry what SQS or the client said
	 */
	record Failed(PreparedMessage message, BatchSendException.FailedEntry entry) {

	}

}
