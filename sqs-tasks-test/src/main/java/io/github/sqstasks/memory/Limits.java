package io.github.sqstasks.memory;

/**
 * The quotas SQS enforces, in the units its API uses.
 */
final class Limits {

	static final int MAX_MESSAGE_BYTES = 1_048_576;

	static final int MIN_MESSAGE_BYTES = 1_024;

	static final int MAX_BATCH_ENTRIES = 10;

	static final int MAX_MESSAGE_ATTRIBUTES = 10;

	static final int MAX_RECEIVE = 10;

	static final int MAX_VISIBILITY_SECONDS = 43_200;

	static final int MAX_DELAY_SECONDS = 900;

	static final int MAX_WAIT_SECONDS = 20;

	static final int MIN_RETENTION_SECONDS = 60;

	static final int MAX_RETENTION_SECONDS = 1_209_600;

	static final long DEDUPLICATION_WINDOW_MILLIS = 5 * 60 * 1000L;

	static final long PURGE_INTERVAL_MILLIS = 60 * 1000L;

	private Limits() {
	}

	static int checkRange(String parameter, int value, int min, int max) {
		if (value < min || value > max) {
			throw SqsErrors.invalidParameter("Value " + value + " for parameter " + parameter
					+ " is invalid. Reason: must be between " + min + " and " + max + ".");
		}
		return value;
	}

}
