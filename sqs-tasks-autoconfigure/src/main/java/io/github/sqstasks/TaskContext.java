package io.github.sqstasks;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * String key-value context that travels from the code that enqueues a job to the handler that runs it.
 *
 * <p>Producers open a scope with {@link #with(String, String)}; every job sent inside it carries the context in its
 * {@code JobContext} attribute. Inside a handler, {@link #current()} returns the job's context and each entry is in
 * the logging MDC under its own key. Scopes nest: closing one restores the context (and MDC entries) before it.
 */
public final class TaskContext {

	private static final TaskContext EMPTY = new TaskContext(Map.of());

	/** The prefix of the MDC keys of context entries inside a handler. */
	public static final String RECEIVED_MDC_PREFIX = "ctx.";

	/** The most characters of a context value copied into the MDC. */
	public static final int MAX_MDC_VALUE = 1000;

	private static final int MAX_MDC_KEY = 100;

	private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

	/** The MDC key prefix of the innermost open scope: inside a handler, every scope's entries get it. */
	private static final ThreadLocal<String> MDC_PREFIX = new ThreadLocal<>();

	private final Map<String, String> values;

	private TaskContext(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * Returns the empty context.
	 * @return a context without entries
	 */
	public static TaskContext empty() {
		return EMPTY;
	}

	/**
	 * Returns a context holding a copy of the given entries.
	 * @param values the entries; keys and values must not be null
	 * @return the context
	 */
	public static TaskContext of(Map<String, String> values) {
		if (values.isEmpty()) {
			return EMPTY;
		}
		Map<String, String> copy = new LinkedHashMap<>();
		values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "context key"),
				Objects.requireNonNull(value, () -> "context value of '" + key + "'")));
		return new TaskContext(Collections.unmodifiableMap(copy));
	}

	/**
	 * Returns this thread's context: the innermost open scope's, or the empty context. Never null.
	 * @return the current context
	 */
	public static TaskContext current() {
		TaskContext context = CURRENT.get();
		return context != null ? context : EMPTY;
	}

	/**
	 * Opens a scope in which the current context also holds the given entry.
	 * @param key the entry's key
	 * @param value the entry's value
	 * @return the scope to close, best in try-with-resources
	 */
	public static Scope with(String key, String value) {
		return with(Map.of(key, value));
	}

	/**
	 * Opens a scope in which the current context also holds the given entries.
	 * @param entries the entries to add; they replace entries of the same key
	 * @return the scope to close, best in try-with-resources
	 */
	public static Scope with(Map<String, String> entries) {
		Map<String, String> merged = new LinkedHashMap<>(current().values);
		merged.putAll(entries);
		return of(merged).activate();
	}

	/**
	 * Makes this context the current one, replacing (not merging with) the context before it, until the scope closes.
	 * @return the scope to close
	 */
	public Scope activate() {
		String prefix = MDC_PREFIX.get();
		return activate((prefix != null) ? prefix : "");
	}

	/**
	 * Makes this context, received with a message, the current one until the scope closes, with its entries in the MDC
	 * under {@value #RECEIVED_MDC_PREFIX}-prefixed keys; scopes opened inside it do the same. What handler invocation
	 * does: application code has no need to call it.
	 * @return the scope to close
	 */
	public Scope activateReceived() {
		return activate(RECEIVED_MDC_PREFIX);
	}

	private Scope activate(String mdcPrefix) {
		TaskContext previous = CURRENT.get();
		String previousPrefix = MDC_PREFIX.get();
		Map<String, @Nullable String> previousMdc = new HashMap<>();
		Map<String, String> oldValues = (previous != null) ? previous.values : Map.of();
		String oldPrefix = (previousPrefix != null) ? previousPrefix : "";
		for (String key : oldValues.keySet()) {
			String mdcKey = mdcKey(oldPrefix, key);
			previousMdc.putIfAbsent(mdcKey, MDC.get(mdcKey));
			MDC.remove(mdcKey);
		}
		for (Map.Entry<String, String> entry : this.values.entrySet()) {
			String mdcKey = mdcKey(mdcPrefix, entry.getKey());
			previousMdc.putIfAbsent(mdcKey, MDC.get(mdcKey));
			MDC.put(mdcKey, escaped(entry.getValue(), MAX_MDC_VALUE));
		}
		CURRENT.set(this);
		MDC_PREFIX.set(mdcPrefix);
		return new Scope(previous, previousPrefix, previousMdc);
	}

	private static String mdcKey(String prefix, String key) {
		return prefix + escaped(key, MAX_MDC_KEY);
	}

	/**
	 * Escapes control and line-separator characters as a backslash, {@code u} and four hex digits and cuts the text: an MDC entry from a
	 * message must not start a forged log line.
	 */
	private static String escaped(String text, int max) {
		StringBuilder result = null;
		int end = Math.min(text.length(), max);
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
			if (control && result == null) {
				result = new StringBuilder(end + 16).append(text, 0, i);
			}
			if (result != null) {
				result.append(control ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		String escaped = (result != null) ? result.toString() : text.substring(0, end);
		return (end < text.length()) ? escaped + "..." : escaped;
	}

	/**
	 * Returns the value of an entry.
	 * @param key the key
	 * @return the value, or {@code null} when there is no such entry
	 */
	public @Nullable String get(String key) {
		return this.values.get(key);
	}

	/**
	 * Returns the entries.
	 * @return an unmodifiable map of the entries
	 */
	public Map<String, String> asMap() {
		return this.values;
	}

	/**
	 * Tells whether the context has no entries.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof TaskContext that && this.values.equals(that.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return "TaskContext" + this.values;
	}

	/**
	 * An open context scope; closing it restores the context and MDC entries that were current before it.
	 */
	public static final class Scope implements AutoCloseable {

		private final @Nullable TaskContext previous;

		private final @Nullable String previousPrefix;

		private final Map<String, @Nullable String> previousMdc;

		private boolean closed;

		private Scope(@Nullable TaskContext previous, @Nullable String previousPrefix,
				Map<String, @Nullable String> previousMdc) {
			this.previous = previous;
			this.previousPrefix = previousPrefix;
			this.previousMdc = previousMdc;
		}

		/** Restores the previous context; closing twice does nothing. */
		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.previousMdc.forEach((key, value) -> {
				if (value == null) {
					MDC.remove(key);
				}
				else {
					MDC.put(key, value);
				}
			});
			if (this.previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(this.previous);
			}
			if (this.previousPrefix == null) {
				MDC_PREFIX.remove();
			}
			else {
				MDC_PREFIX.set(this.previousPrefix);
			}
		}

	}

}
