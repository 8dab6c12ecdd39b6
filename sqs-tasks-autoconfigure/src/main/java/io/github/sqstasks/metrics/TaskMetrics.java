package io.github.sqstasks.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.core.Ordered;

/**
 * Records Micrometer metrics of task processing, per queue and task (a registered task name, or
 * {@link TaskRegistry#UNKNOWN_TASK}: producers cannot add tag values):
 * <ul>
 * <li>{@code sqstasks.task.outcomes} (counter, tag {@code outcome}: succeeded, retried, dead_lettered, failed);</li>
 * <li>{@code sqstasks.task.latency} (timer from enqueue, SQS's {@code SentTimestamp}, to the handler's start);</li>
 * <li>{@code sqstasks.messages.unfinished} (gauge of received messages not finished by this instance).</li>
 * </ul>
 * The handler's own duration is the timer of the {@code sqstasks.task} observation ({@link TaskObservations}), which
 * an {@code ObservationRegistry} with Micrometer's meter handler records; no second timer measures it here.
 */
public final class TaskMetrics implements TaskInterceptor, TaskCounters.Listener, Ordered {

	private final MeterRegistry registry;

	private final Clock clock;

	private final TaskRegistry tasks;

	/**
	 * Creates the metrics and registers the gauge.
	 * @param registry where meters go
	 * @param clock the clock of enqueue times (sqs-tasks' clock)
	 * @param unfinished the count of unfinished messages, for the gauge
	 * @param tasks the handlers, whose names are the only {@code task} tag values
	 */
	public TaskMetrics(MeterRegistry registry, Clock clock, IntSupplier unfinished, TaskRegistry tasks) {
		this.registry = registry;
		this.clock = clock;
		this.tasks = tasks;
		Gauge.builder("sqstasks.messages.unfinished", unfinished, IntSupplier::getAsInt)
			.description("Received messages this instance has not finished with")
			.strongReference(true)
			.register(registry);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public void recorded(String queue, String task, TaskOutcome outcome) {
		Counter.builder("sqstasks.task.outcomes")
			.description("Handled messages by outcome")
			.tag("queue", queue)
			.tag("task", task)
			.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

	@Override
	public void beforeTask(TaskMessage message) {
		if (message.sentAt() != null) {
			Duration latency = Duration.between(message.sentAt(), this.clock.instant());
			Timer.builder("sqstasks.task.latency")
				.description("Time from enqueue to the handler's start")
				.tags("queue", message.queue(), "task", taskName(message))
				.register(this.registry)
				.record(latency.isNegative() ? Duration.ZERO : latency);
		}
	}

	private String taskName(TaskMessage message) {
		return this.tasks.countedName(message.queue(), message.taskName());
	}

}
