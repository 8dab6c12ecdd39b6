package io.github.sqstasks.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * A checked schedule: its parsed expression and zone, its arguments as plain JSON values, and whether its ticks go
 * through the tick queue.
 */
record ScheduledTask(Schedule schedule, CronExpression cron, ZoneId zone, Map<String, Object> arguments,
		boolean relayed) {

	String id() {
		return this.schedule.id();
	}

	/**
	 * Returns the first tick strictly after an instant, or {@code null} when the expression has none.
	 */
	@Nullable Instant nextAfter(Instant instant) {
		ZonedDateTime next = this.cron.next(ZonedDateTime.ofInstant(instant, this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * Returns the FIFO deduplication id of a tick: the same on every instance for the same schedule, target and tick,
	 * and different for every other tick. The target is in it so that two applications that happen to share a
	 * schedule id but enqueue different tasks do not swallow each other's ticks.
	 */
	String deduplicationId(Instant tick) {
		return id() + "@" + tick.getEpochSecond() + "/" + targetDigest();
	}

	private String targetDigest() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((this.schedule.queue() + "\n" + this.schedule.task()).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
