package io.github.sqstasks.metrics;

import io.github.sqstasks.producer.FailedSendListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the jobs that could not be sent where no caller sees the error, as {@code sqstasks.send.failed} with tags
 * {@code queue} and {@code phase} ({@code after-commit} or {@code outbox-relay}).
 */
public final class SendFailureMetrics implements FailedSendListener {

	private final MeterRegistry registry;

	/**
	 * Creates the counter's binder.
	 * @param registry where meters go
	 */
	public SendFailureMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void failed(String queue, String phase) {
		Counter.builder("sqstasks.send.failed")
			.description("Jobs not sent after their transaction committed, or not yet relayed from the outbox")
			.tag("queue", queue)
			.tag("phase", phase)
			.register(this.registry)
			.increment();
	}

}
