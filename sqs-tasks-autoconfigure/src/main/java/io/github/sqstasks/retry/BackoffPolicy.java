package io.github.sqstasks.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed message waits before its next attempt, as a pure function of the attempt number (the message's
 * {@code ApproximateReceiveCount}: 1 for the first delivery). Applied through the message's visibility timeout, so
 * never more than {@link #MAX_DELAY}.
 */
@FunctionalInterface
public interface BackoffPolicy {

	/** SQS's largest visibility timeout. */
	Duration MAX_DELAY = Duration.ofHours(12);

	/**
	 * Returns the delay after a failed attempt.
	 * @param attempt the attempt that failed, 1 for the first delivery
	 * @return the delay before the next attempt, between zero and {@link #MAX_DELAY}
	 */
	Duration delay(int attempt);

	/**
	 * Returns a policy whose delay doubles (or grows by {@code multiplier}) from {@code initial} up to {@code max}.
	 * With jitter, each delay is drawn uniformly between half of it and all of it, so that failures that happened
	 * together do not retry together.
	 * @param initial the delay after the first attempt
	 * @param multiplier the growth factor, at least 1
	 * @param max the largest delay, at most 12 hours
	 * @param jitter whether to randomize delays
	 * @return the policy
	 */
	static BackoffPolicy exponential(Duration initial, double multiplier, Duration max, boolean jitter) {
		if (multiplier < 1.0) {
			throw new IllegalArgumentException("Backoff multiplier must be at least 1.0, was " + multiplier);
		}
		Duration cap = min(max, MAX_DELAY);
		return (attempt) -> {
			double factor = Math.pow(multiplier, Math.max(0, attempt - 1));
			double millis = Math.min(initial.toMillis() * factor, cap.toMillis());
			long delay = (long) millis;
			if (jitter && delay > 1) {
				delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
			}
			return Duration.ofMillis(delay);
		};
	}

	/**
	 * Returns a policy with the same delay after every attempt.
	 * @param delay the delay, at most 12 hours
	 * @return the policy
	 */
	static BackoffPolicy fixed(Duration delay) {
		Duration capped = min(delay, MAX_DELAY);
		return (attempt) -> capped;
	}

	/**
	 * Returns a policy that makes a failed message visible again at once.
	 * @return the policy
	 */
	static BackoffPolicy immediate() {
		return (attempt) -> Duration.ZERO;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
