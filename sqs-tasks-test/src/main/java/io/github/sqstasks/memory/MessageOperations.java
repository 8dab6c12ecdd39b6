package io.github.sqstasks.memory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The message-level operations, single and batched, with batch entries failing one by one as SQS reports them.
 */
final class MessageOperations {

	private MessageOperations() {
	}

	static SendMessageResponse send(QueueRegistry registry, SendMessageRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		OutgoingMessage message = OutgoingMessage.of(request);
		MessageRules.checkSize(MessageRules.validate(message), queue.settings().maximumMessageSize());
		SendResult result = queue.send(message);
		return SendMessageResponse.builder()
			.messageId(result.messageId())
			.md5OfMessageBody(result.md5OfBody())
			.md5OfMessageAttributes(result.md5OfAttributes())
			.md5OfMessageSystemAttributes(result.md5OfSystemAttributes())
			.sequenceNumber(result.sequenceNumber())
			.build();
	}

	static SendMessageBatchResponse sendBatch(QueueRegistry registry, SendMessageBatchRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		List<SendMessageBatchRequestEntry> entries = request.entries();
		checkBatch(entries, SendMessageBatchRequestEntry::id);
		long total = 0;
		for (SendMessageBatchRequestEntry entry : entries) {
			total += sizeOrZero(OutgoingMessage.of(entry));
		}
		if (total > Limits.MAX_MESSAGE_BYTES) {
			throw SqsErrors.batchTooLong(total);
		}
		List<SendMessageBatchResultEntry> successful = new ArrayList<>();
		List<BatchResultErrorEntry> failed = new ArrayList<>();
		for (SendMessageBatchRequestEntry entry : entries) {
			try {
				OutgoingMessage message = OutgoingMessage.of(entry);
				MessageRules.checkSize(MessageRules.validate(message), queue.settings().maximumMessageSize());
				SendResult result = queue.send(message);
				successful.add(SendMessageBatchResultEntry.builder()
					.id(entry.id())
					.messageId(result.messageId())
					.md5OfMessageBody(result.md5OfBody())
					.md5OfMessageAttributes(result.md5OfAttributes())
					.md5OfMessageSystemAttributes(result.md5OfSystemAttributes())
					.sequenceNumber(result.sequenceNumber())
					.build());
			}
			catch (AwsServiceException ex) {
				failed.add(failure(entry.id(), ex));
			}
		}
		return SendMessageBatchResponse.builder().successful(successful).failed(failed).build();
	}

	/** A batch's total size counts the entries that fail on their own too, as SQS measures the request. */
	private static long sizeOrZero(OutgoingMessage message) {
		try {
			return MessageRules.validate(message);
		}
		catch (AwsServiceException ex) {
			return 0;
		}
	}

	static CompletableFuture<ReceiveMessageResponse> receive(QueueRegistry registry, ReceiveMessageRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		ReceiveParams params = ReceiveParams.of(request, queue.settings());
		return queue.receive(params).thenApply(messages -> ReceiveMessageResponse.builder().messages(messages).build());
	}

	static DeleteMessageBatchResponse deleteBatch(QueueRegistry registry, DeleteMessageBatchRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		checkBatch(request.entries(), DeleteMessageBatchRequestEntry::id);
		List<DeleteMessageBatchResultEntry> successful = new ArrayList<>();
		List<BatchResultErrorEntry> failed = new ArrayList<>();
		for (DeleteMessageBatchRequestEntry entry : request.entries()) {
			try {
				ReceiptOperations.delete(queue, String.valueOf(entry.receiptHandle()));
				successful.add(DeleteMessageBatchResultEntry.builder().id(entry.id()).build());
			}
			catch (AwsServiceException ex) {
				failed.add(failure(entry.id(), ex));
			}
		}
		return DeleteMessageBatchResponse.builder().successful(successful).failed(failed).build();
	}

	static ChangeMessageVisibilityBatchResponse changeVisibilityBatch(QueueRegistry registry,
			ChangeMessageVisibilityBatchRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		checkBatch(request.entries(), ChangeMessageVisibilityBatchRequestEntry::id);
		List<ChangeMessageVisibilityBatchResultEntry> successful = new ArrayList<>();
		List<BatchResultErrorEntry> failed = new ArrayList<>();
		for (ChangeMessageVisibilityBatchRequestEntry entry : request.entries()) {
			try {
				int seconds = entry.visibilityTimeout() == null ? 0 : entry.visibilityTimeout();
				ReceiptOperations.changeVisibility(queue, String.valueOf(entry.receiptHandle()), seconds);
				successful.add(ChangeMessageVisibilityBatchResultEntry.builder().id(entry.id()).build());
			}
			catch (AwsServiceException ex) {
				failed.add(failure(entry.id(), ex));
			}
		}
		return ChangeMessageVisibilityBatchResponse.builder().successful(successful).failed(failed).build();
	}

	private static <T> void checkBatch(List<T> entries, Function<T, String> id) {
		if (entries.isEmpty()) {
			throw SqsErrors.emptyBatch();
		}
		if (entries.size() > Limits.MAX_BATCH_ENTRIES) {
			throw SqsErrors.tooManyEntries(entries.size());
		}
		Set<String> seen = new HashSet<>();
		for (T entry : entries) {
			String entryId = id.apply(entry);
			MessageRules.checkBatchEntryId(entryId);
			if (!seen.add(entryId)) {
				throw SqsErrors.idsNotDistinct(entryId);
			}
		}
	}

	private static BatchResultErrorEntry failure(String id, AwsServiceException ex) {
		return BatchResultErrorEntry.builder()
			.id(id)
			.senderFault(true)
			.code(ex.awsErrorDetails().errorCode())
			.message(ex.awsErrorDetails().errorMessage())
			.build();
	}

}
