package io.github.sqstasks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to have its message processed again later; not an error.
 *
 * <p>The message becomes visible again after the given delay, or after the queue's backoff policy's delay when none
 * is given. It counts as an attempt towards the queue's max receive count.
 */
public class RetryLater extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration delay;

	/** Retries after the queue's backoff policy's delay. */
	public RetryLater() {
		this(null);
	}

	/**
	 * Retries after the given delay.
	 * @param delay how long the message stays invisible, at most 12 hours; {@code null} for the backoff policy's
	 */
	public RetryLater(@Nullable Duration delay) {
		super(delay != null ? "retry in " + delay : "retry with backoff", null, false, false);
		if (delay != null && delay.isNegative()) {
			throw new IllegalArgumentException("RetryLater delay must not be negative: " + delay);
		}
		this.delay = delay;
	}

	/**
	 * Returns the requested delay.
	 * @return the delay, or {@code null} to use the queue's backoff policy
	 */
	public @Nullable Duration getDelay() {
		return this.delay;
	}

}
