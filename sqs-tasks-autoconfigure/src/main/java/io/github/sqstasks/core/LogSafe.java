package io.github.sqstasks.core;

import org.jspecify.annotations.Nullable;

/**
 * Makes text a producer chose (task names, context entries, exception messages built from them) safe to put in a log
 * line: control and line-separator characters are escaped, so no message can start a forged log line, and long text
 * is cut, so no message can fill the log.
 *
 * <p>Anyone allowed to send to a queue controls {@code JobName}, {@code JobContext} and the body; every message the
 * library logs passes such values through here.
 */
public final class LogSafe {

	/** Longest task name, context key or other short producer-chosen name kept in a log line or a reason. */
	public static final int MAX_NAME = 120;

	/** Longest free text (an error message) kept in a log line or a reason. */
	public static final int MAX_TEXT = 2000;

	private LogSafe() {
	}

	/**
	 * Returns a short producer-chosen name as it may appear in a log line.
	 * @param name the name, or {@code null}
	 * @return the escaped name, cut to {@value #MAX_NAME} characters; {@code ?} for {@code null}
	 */
	public static String name(@Nullable String name) {
		return (name != null) ? text(name, MAX_NAME) : "?";
	}

	/**
	 * Returns free text as it may appear in a log line.
	 * @param text the text, or {@code null}
	 * @return the escaped text, cut to {@value #MAX_TEXT} characters
	 */
	public static String text(@Nullable String text) {
		return text(String.valueOf(text), MAX_TEXT);
	}

	/**
	 * Escapes control characters ({@code \n}, {@code \r}, {@code \t} as such, others as {@code \}{@code uXXXX}) and
	 * cuts the text, saying how much was left out.
	 * @param text the text
	 * @param max the most characters of the text kept
	 * @return the escaped text
	 */
	public static String text(String text, int max) {
		int end = Math.min(text.length(), max);
		if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		StringBuilder escaped = null;
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			String replacement = escape(c);
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(end + 16).append(text, 0, i);
			}
			if (escaped != null) {
				escaped.append((replacement != null) ? replacement : String.valueOf(c));
			}
		}
		String result = (escaped != null) ? escaped.toString() : text.substring(0, end);
		return (end < text.length()) ? result + "...(" + (text.length() - end) + " more chars)" : result;
	}

	/**
	 * Tells whether a text would be changed by {@link #text(String, int)} for escaping.
	 * @param text the text
	 * @return {@code true} when it holds a character that is escaped
	 */
	public static boolean needsEscaping(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (escape(text.charAt(i)) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns a throwable whose messages, and those of its causes, are safe to log with their stack traces: the same
	 * throwable when they are, else a copy with escaped messages and the original stack traces.
	 * @param error the throwable to log
	 * @return a throwable to hand to the logger
	 */
	public static Throwable throwable(Throwable error) {
		return safe(error) ? error : copy(error, 0);
	}

	private static boolean safe(Throwable error) {
		int depth = 0;
		for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
			String message = t.getMessage();
			if (message != null && (message.length() > MAX_TEXT || needsEscaping(message))) {
				return false;
			}
		}
		return true;
	}

	private static Throwable copy(Throwable error, int depth) {
		EscapedThrowable copy = new EscapedThrowable(error.getClass().getName() + ": " + text(error.getMessage()));
		copy.setStackTrace(error.getStackTrace());
		if (error.getCause() != null && error.getCause() != error && depth < 16) {
			copy.initCause(copy(error.getCause(), depth + 1));
		}
		return copy;
	}

	private static @Nullable String escape(char c) {
		switch (c) {
			case '\n':
				return "\\n";
			case '\r':
				return "\\r";
			case '\t':
				return "\\t";
			default:
				boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
				return control ? String.format("\\u%04x", (int) c) : null;
		}
	}

	/**
	 * Stands in a log for a throwable whose message held characters that could forge log lines; its message starts
	 * with the original's class name.
	 */
	static final class EscapedThrowable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		EscapedThrowable(String message) {
			super(message, null, false, true);
		}

		@Override
		public String toString() {
			return getMessage();
		}

	}

}
