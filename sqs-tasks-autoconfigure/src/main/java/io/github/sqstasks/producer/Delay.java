package io.github.sqstasks.producer;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The delay of one send: the native {@code DelaySeconds}, and the delivery time to carry in the context when the
 * wait is longer than SQS can apply itself.
 *
 * @param seconds the native delay, 0 to 900
 * @param notBeforeEpochMillis the delivery time to carry, or {@code null} when the native delay suffices
 */
record Delay(int seconds, @Nullable Long notBeforeEpochMillis) {

	static final Delay NONE = new Delay(0, null);

	static final long MAX_NATIVE_SECONDS = JobOptions.MAX_NATIVE_DELAY.getSeconds();

	/**
	 * Works out the delay of a job sent now.
	 * @param options the job's options
	 * @param now the send time
	 * @return the delay
	 */
	static Delay of(JobOptions options, Instant now) {
		Long delaySeconds = options.delaySeconds();
		if (delaySeconds != null) {
			return (delaySeconds <= MAX_NATIVE_SECONDS) ? new Delay(delaySeconds.intValue(), null)
					: until(now.toEpochMilli() + delaySeconds * 1000, now);
		}
		Long notBefore = options.notBeforeEpochMillis();
		return (notBefore != null) ? until(notBefore, now) : NONE;
	}

	/**
	 * Works out the next hop towards a delivery time.
	 * @param notBeforeEpochMillis the delivery time
	 * @param now the current time
	 * @return the delay; {@link #NONE} when the time has come
	 */
	static Delay until(long notBeforeEpochMillis, Instant now) {
		long remaining = notBeforeEpochMillis - now.toEpochMilli();
		if (remaining <= 0) {
			return NONE;
		}
		long seconds = (remaining + 999) / 1000;
		if (seconds <= MAX_NATIVE_SECONDS) {
			return new Delay((int) seconds, null);
		}
		return new Delay((int) MAX_NATIVE_SECONDS, notBeforeEpochMillis);
	}

	boolean isDelayed() {
		return this.seconds > 0;
	}

}
