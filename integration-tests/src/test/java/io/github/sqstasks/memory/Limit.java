package io.github.sqstasks.memory;

/**
 * A service limit the conformance tests break on purpose, with the error code SQS answers with.
 */
enum Limit {

	MAX_NUMBER_OF_MESSAGES("InvalidParameterValue"),

	WAIT_TIME("InvalidParameterValue"),

	ATTRIBUTE_COUNT("InvalidParameterValue"),

	MESSAGE_SIZE("InvalidParameterValue"),

	MESSAGE_SIZE_WITH_ATTRIBUTES("InvalidParameterValue"),

	CHANGED_VISIBILITY("InvalidParameterValue"),

	RECEIVE_VISIBILITY("InvalidParameterValue"),

	DELAY("InvalidParameterValue"),

	EMPTY_BATCH("AWS.SimpleQueueService.EmptyBatchRequest");

	private final String sqsErrorCode;

	Limit(String sqsErrorCode) {
		this.sqsErrorCode = sqsErrorCode;
	}

	String sqsErrorCode() {
		return this.sqsErrorCode;
	}

}
