package io.github.sqstasks.memory;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * Builds the exceptions the AWS SDK raises for SQS errors, with the error codes the service reports.
 *
 * <p>The codes are the ones the SDK exposes in {@code awsErrorDetails().errorCode()} for SQS, which still uses the
 * codes of the older query protocol (for example {@code AWS.SimpleQueueService.NonExistentQueue}).
 */
final class SqsErrors {

	private static final String PREFIX = "AWS.SimpleQueueService.";

	private SqsErrors() {
	}

	static SqsException invalidParameter(String message) {
		return build(SqsException.builder(), "InvalidParameterValue", message);
	}

	static SqsException missingParameter(String parameter) {
		return build(SqsException.builder(), "MissingParameter",
				"The request must contain the parameter " + parameter + ".");
	}

	static SqsException invalidAttributeName(String name) {
		return build(InvalidAttributeNameException.builder(), "InvalidAttributeName",
				"Unknown Attribute " + name + ".");
	}

	static SqsException queueDoesNotExist(String queue) {
		return build(QueueDoesNotExistException.builder(), PREFIX + "NonExistentQueue",
				"The specified queue does not exist: " + queue);
	}

	static SqsException queueNameExists(String name) {
		return build(QueueNameExistsException.builder(), "QueueAlreadyExists",
				"A queue already exists with the same name and a different value for attribute(s): " + name);
	}

	static SqsException tooManyEntries(int count) {
		return build(TooManyEntriesInBatchRequestException.builder(), PREFIX + "TooManyEntriesInBatchRequest",
				"Maximum number of entries per request are 10. You have sent " + count + ".");
	}

	static SqsException emptyBatch() {
		return build(EmptyBatchRequestException.builder(), PREFIX + "EmptyBatchRequest",
				"There should be at least one SendMessageBatchRequestEntry in the request.");
	}

	static SqsException idsNotDistinct(String id) {
		return build(BatchEntryIdsNotDistinctException.builder(), PREFIX + "BatchEntryIdsNotDistinct",
				"Id " + id + " repeated.");
	}

	static SqsException invalidBatchEntryId(String id) {
		return build(InvalidBatchEntryIdException.builder(), PREFIX + "InvalidBatchEntryId",
				"A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
						+ "It can be at most 80 letters long: " + id);
	}

	static SqsException batchTooLong(long size) {
		return build(BatchRequestTooLongException.builder(), PREFIX + "BatchRequestTooLong",
				"Batch requests cannot be longer than " + Limits.MAX_MESSAGE_BYTES + " bytes. You have sent " + size
						+ " bytes.");
	}

	static SqsException receiptHandleInvalid(String handle) {
		return build(ReceiptHandleIsInvalidException.builder(), "ReceiptHandleIsInvalid",
				"The receipt handle \"" + handle + "\" is not valid.");
	}

	static SqsException messageNotInflight() {
		return build(MessageNotInflightException.builder(), PREFIX + "MessageNotInflight",
				"The specified message isn't in flight.");
	}

	static SqsException invalidMessageContents(String reason) {
		return build(InvalidMessageContentsException.builder(), "InvalidMessageContents", reason);
	}

	static SqsException purgeInProgress(String queue) {
		return build(PurgeQueueInProgressException.builder(), PREFIX + "PurgeQueueInProgress",
				"Only one PurgeQueue operation on " + queue + " is allowed every 60 seconds.");
	}

	static SqsException resourceNotFound(String message) {
		return build(ResourceNotFoundException.builder(), "ResourceNotFoundException", message);
	}

	static SqsException build(SqsException.Builder builder, String code, String message) {
		builder.message(message + " (Service: Sqs, Status Code: 400, in-memory)");
		builder.statusCode(400);
		builder.awsErrorDetails(AwsErrorDetails.builder()
			.errorCode(code)
			.errorMessage(message)
			.serviceName("Sqs")
			.build());
		return (SqsException) builder.build();
	}

}
