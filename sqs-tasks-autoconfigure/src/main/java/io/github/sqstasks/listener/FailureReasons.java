package io.github.sqstasks.listener;

import org.jspecify.annotations.Nullable;

/**
 * Turns a failure reason into a value SQS accepts in a string attribute: characters it refuses replaced, and cut to
 * a size, with the cut marked.
 *
 * <p>A reason holds text the library does not control (an exception message, a producer's task name), so it may be
 * of any length and hold any character.
 */
final class FailureReasons {

	/** The longest reason kept, in UTF-8 bytes: enough for an exception class and a useful message. */
	static final int MAX_BYTES = 4096;

	/** Ends a reason that was cut. */
	static final String TRUNCATED = "... (truncated)";

	private static final int REPLACEMENT = 0xFFFD;

	private FailureReasons() {
	}

	/**
	 * Returns the reason in at most the given bytes (and at most {@link #MAX_BYTES}), with the characters SQS refuses
	 * replaced by U+FFFD; a reason that had to be cut ends with {@link #TRUNCATED}.
	 * @param reason the reason, any text
	 * @param maxBytes the room left for it in the message, in UTF-8 bytes
	 * @return the value to send, or {@code null} when the reason is empty or not even a marked cut fits
	 */
	static @Nullable String fit(String reason, long maxBytes) {
		long limit = Math.min(maxBytes, MAX_BYTES);
		String whole = prefix(reason, limit);
		// Replacing a refused character keeps the length in chars: only BMP characters and lone surrogates are refused.
		if (whole.length() == reason.length()) {
			return whole.isEmpty() ? null : whole;
		}
		String head = prefix(reason, limit - TRUNCATED.length());
		return head.isEmpty() ? null : head + TRUNCATED;
	}

	/**
	 * Returns the longest start of the text, refused characters replaced, whose UTF-8 encoding fits in the bytes.
	 */
	private static String prefix(String text, long maxBytes) {
		StringBuilder out = new StringBuilder();
		long bytes = 0;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			int kept = isAllowed(cp) ? cp : REPLACEMENT;
			bytes += utf8Length(kept);
			if (bytes > maxBytes) {
				break;
			}
			out.appendCodePoint(kept);
			i += Character.charCount(cp);
		}
		return out.toString();
	}

	/**
	 * Tells whether SQS accepts a character in a message: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD and
	 * #x10000 to #x10FFFF (so no other control character and no lone surrogate).
	 */
	static boolean isAllowed(int cp) {
		return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
				|| (cp >= 0x10000 && cp <= 0x10FFFF);
	}

	private static int utf8Length(int cp) {
		if (cp < 0x80) {
			return 1;
		}
		if (cp < 0x800) {
			return 2;
		}
		return (cp < 0x10000) ? 3 : 4;
	}

}
