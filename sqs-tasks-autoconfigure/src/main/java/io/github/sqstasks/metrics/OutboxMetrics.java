package io.github.sqstasks.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.sqstasks.outbox.OutboxTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of the transactional outbox, read from its table when scraped: {@code sqstasks.outbox.waiting} (rows not
 * yet relayed) and {@code sqstasks.outbox.oldest.age} (seconds since the oldest of them was added, 0 when none).
 */
public final class OutboxMetrics {

	/**
	 * Registers the gauges.
	 * @param registry where meters go
	 * @param table the outbox table
	 * @param clock sqs-tasks' clock
	 */
	public OutboxMetrics(MeterRegistry registry, OutboxTable table, Clock clock) {
		Gauge.builder("sqstasks.outbox.waiting", table, (outbox) -> orNaN(() -> outbox.waiting()))
			.description("Jobs in the outbox table not yet relayed to SQS")
			.strongReference(true)
			.register(registry);
		Gauge.builder("sqstasks.outbox.oldest.age", table, (outbox) -> orNaN(() -> {
			Instant oldest = outbox.oldest();
			return (oldest != null) ? Duration.between(oldest, clock.instant()).toMillis() / 1000.0 : 0;
		})).description("Seconds since the oldest job in the outbox table was added").baseUnit("seconds")
			.strongReference(true)
			.register(registry);
	}

	private static double orNaN(java.util.function.DoubleSupplier value) {
		try {
			return value.getAsDouble();
		}
		catch (RuntimeException ex) {
			// An unreachable database is reported by the health of the DataSource, not by a failing scrape.
			return Double.NaN;
		}
	}

}
