package io.github.sqstasks.producer;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Per-job send options: delay or delivery time, FIFO message group and deduplication id. Immutable; each setter
 * returns a copy.
 *
 * <p>A record of plain values (numbers and strings, no {@code java.time} types), so that a {@link BakedTask} holding
 * it reads back equal from plain JSON. A delay and a delivery time exclude each other: setting one clears the other.
 * Both may exceed SQS's 15 minutes; see {@link DelayedDelivery} for how longer waits are carried out.
 *
 * @param delaySeconds how long the message waits after sending, or {@code null} for the queue's default
 * @param notBeforeEpochMillis the earliest delivery time in milliseconds since the epoch, or {@code null}
 * @param groupId the FIFO message group, or {@code null} for the default group
 * @param deduplicationId the FIFO deduplication id, or {@code null}
 */
public record JobOptions(@Nullable Long delaySeconds, @Nullable Long notBeforeEpochMillis, @Nullable String groupId,
		@Nullable String deduplicationId) {

	private static final JobOptions DEFAULTS = new JobOptions(null, null, null, null);

	/** The delay SQS can apply itself. */
	public static final Duration MAX_NATIVE_DELAY = Duration.ofMinutes(15);

	/** The longest delay a job may have unless {@code sqs-tasks.max-delay} says otherwise. */
	public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(365);

	/**
	 * Checks the values.
	 */
	public JobOptions {
		if (delaySeconds != null && delaySeconds < 0) {
			throw new IllegalArgumentException("Job delay must not be negative: " + delaySeconds + " s");
		}
		if (delaySeconds != null && notBeforeEpochMillis != null) {
			throw new IllegalArgumentException("A job has either a delay or a delivery time, not both");
		}
	}

	/**
	 * Returns options with nothing set.
	 * @return the default options
	 */
	public static JobOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a copy with a delivery delay, rounded up to whole seconds, counted from when the job is sent. Up to
	 * {@code sqs-tasks.max-delay} (365 days by default) is accepted when the job is sent; a delay over
	 * {@link #MAX_NATIVE_DELAY} is sent in hops (see {@link DelayedDelivery}). Clears a
	 * delivery time set with {@link #at(Instant)}.
	 * @param delay the delay, not negative
	 * @return the new options
	 */
	public JobOptions delay(Duration delay) {
		long seconds = (delay.getNano() > 0 && delay.getSeconds() < Long.MAX_VALUE) ? delay.getSeconds() + 1
				: delay.getSeconds();
		return new JobOptions(seconds, null, this.groupId, this.deduplicationId);
	}

	/**
	 * Returns the delivery delay.
	 * @return the delay, or {@code null} when none is set
	 */
	public @Nullable Duration delay() {
		return (this.delaySeconds != null) ? Duration.ofSeconds(this.delaySeconds) : null;
	}

	/**
	 * Returns a copy that delivers the job not before the given time; a time in the past (when sent) means no delay.
	 * Clears a delay set with {@link #delay(Duration)}.
	 * @param time the earliest delivery time, kept to the millisecond
	 * @return the new options
	 */
	public JobOptions at(Instant time) {
		return new JobOptions(null, time.toEpochMilli(), this.groupId, this.deduplicationId);
	}

	/**
	 * Returns the earliest delivery time.
	 * @return the time, or {@code null} when none is set
	 */
	public @Nullable Instant at() {
		return (this.notBeforeEpochMillis != null) ? Instant.ofEpochMilli(this.notBeforeEpochMillis) : null;
	}

	/**
	 * Returns a copy with a FIFO message group.
	 * @param groupId the group
	 * @return the new options
	 */
	public JobOptions groupId(String groupId) {
		return new JobOptions(this.delaySeconds, this.notBeforeEpochMillis, groupId, this.deduplicationId);
	}

	/**
	 * Returns a copy with a FIFO deduplication id.
	 * @param deduplicationId the id
	 * @return the new options
	 */
	public JobOptions deduplicationId(String deduplicationId) {
		return new JobOptions(this.delaySeconds, this.notBeforeEpochMillis, this.groupId, deduplicationId);
	}

}
