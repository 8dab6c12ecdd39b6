package io.github.sqstasks.autoconfigure;

import java.util.stream.Collectors;

/**
 * SQS's rules for a queue name, applied to {@code sqs-tasks.queue-prefix} plus each name the configuration gives:
 * letters, digits, '-' and '_', an optional '.fifo' suffix, and at most 80 characters in all.
 */
final class QueueNames {

	static final int MAX_LENGTH = 80;

	private static final String FIFO_SUFFIX = ".fifo";

	private static final String ALLOWED = "SQS allows letters, digits, '-' and '_', and a '.fifo' suffix for FIFO queues";

	private final String prefix;

	private final Rejection rejection;

	QueueNames(String prefix, Rejection rejection) {
		this.prefix = prefix;
		this.rejection = rejection;
	}

	void checkPrefix() {
		String disallowed = disallowed(this.prefix);
		if (!disallowed.isEmpty()) {
			this.rejection.reject("sqs-tasks.queue-prefix is '%s', with characters SQS does not allow in a queue name "
					+ "(%s); SQS allows letters, digits, '-' and '_'", this.prefix, disallowed);
		}
	}

	/**
	 * Checks one configured queue name.
	 * @param key the key that gives the name (for a key of {@code sqs-tasks.queues}, the queue's own key)
	 * @param name the name without prefix
	 */
	void check(String key, String name) {
		String base = isFifo(name) ? name.substring(0, name.length() - FIFO_SUFFIX.length()) : name;
		if (base.isEmpty()) {
			this.rejection.reject("%s is '%s', an empty queue name; %s", key, name, ALLOWED);
			return;
		}
		String disallowed = disallowed(base);
		if (!disallowed.isEmpty()) {
			this.rejection.reject("%s is '%s', a queue name with characters SQS does not allow (%s); %s", key, name,
					disallowed, ALLOWED);
		}
		String physical = this.prefix + name;
		if (physical.length() > MAX_LENGTH) {
			this.rejection.reject("%s is '%s': with sqs-tasks.queue-prefix '%s' the queue name '%s' has %d "
					+ "characters; SQS allows at most %d", key, name, this.prefix, physical, physical.length(),
					MAX_LENGTH);
		}
	}

	static boolean isFifo(String name) {
		return name.endsWith(FIFO_SUFFIX);
	}

	/** Returns the characters of {@code text} that SQS does not allow, each once and quoted, or an empty string. */
	private static String disallowed(String text) {
		return text.chars()
			.filter((c) -> !isAllowed(c))
			.distinct()
			.mapToObj((c) -> "'" + (char) c + "'")
			.collect(Collectors.joining(", "));
	}

	private static boolean isAllowed(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	/**
	 * Receives a refusal as a message format and its arguments.
	 */
	@FunctionalInterface
	interface Rejection {

		void reject(String format, Object... arguments);

	}

}
