package io.github.sqstasks.producer;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Per-job send options: delay, FIFO message group and deduplication id. Immutable; each setter returns a copy.
 *
 * <p>A record of plain values, so that a {@link BakedTask} holding it reads back equal from plain JSON.
 *
 * @param delaySeconds how long the message stays invisible after sending, or {@code null} for the queue's default
 * @param groupId the FIFO message group, or {@code null} for the default group
 * @param deduplicationId the FIFO deduplication id, or {@code null}
 */
public record JobOptions(@Nullable Long delaySeconds, @Nullable String groupId, @Nullable String deduplicationId) {

	private static final JobOptions DEFAULTS = new JobOptions(null, null, null);

	/** The delay SQS can apply itself. */
	public static final Duration MAX_NATIVE_DELAY = Duration.ofMinutes(15);

	/**
	 * Checks the values.
	 */
	public JobOptions {
		if (delaySeconds != null && delaySeconds < 0) {
			throw new IllegalArgumentException("Job delay must not be negative: " + delaySeconds + " s");
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
	 * Returns a copy with a delivery delay, rounded up to whole seconds.
	 * @param delay the delay
	 * @return the new options
	 */
	public JobOptions delay(Duration delay) {
		long seconds = delay.getSeconds() + ((delay.getNano() > 0) ? 1 : 0);
		return new JobOptions(seconds, this.groupId, this.deduplicationId);
	}

	/**
	 * Returns the delivery delay.
	 * @return the delay, or {@code null} when none is set
	 */
	public @Nullable Duration delay() {
		return (this.delaySeconds != null) ? Duration.ofSeconds(this.delaySeconds) : null;
	}

	/**
	 * Returns a copy with a FIFO message group.
	 * @param groupId the group
	 * @return the new options
	 */
	public JobOptions groupId(String groupId) {
		return new JobOptions(this.delaySeconds, groupId, this.deduplicationId);
	}

	/**
	 * Returns a copy with a FIFO deduplication id.
	 * @param deduplicationId the id
	 * @return the new options
	 */
	public JobOptions deduplicationId(String deduplicationId) {
		return new JobOptions(this.delaySeconds, this.groupId, deduplicationId);
	}

}
