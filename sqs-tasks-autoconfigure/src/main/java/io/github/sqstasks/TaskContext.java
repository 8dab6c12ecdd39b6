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

	private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

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
		TaskContext previous = CURRENT.get();
		Map<String, @Nullable String> previousMdc = new HashMap<>();
		Map<String, String> oldValues = (previous != null) ? previous.values : Map.of();
		for (String key : oldValues.keySet()) {
			previousMdc.put(key, MDC.get(key));
			MDC.remove(key);
		}
		for (Map.Entry<String, String> entry : this.values.entrySet()) {
			previousMdc.putIfAbsent(entry.getKey(), MDC.get(entry.getKey()));
			MDC.put(entry.getKey(), entry.getValue());
		}
		CURRENT.set(this);
		return new Scope(previous, previousMdc);
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

		private final Map<String, @Nullable String> previousMdc;

		private boolean closed;

		private Scope(@Nullable TaskContext previous, Map<String, @Nullable String> previousMdc) {
			this.previous = previous;
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
		}

	}

}
