package io.github.sqstasks.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.internal.QueueCounts;
import io.github.sqstasks.internal.QueueProbe;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.schedule.ScheduleStatus;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code sqstasks} endpoint's reports: handlers and counters from this instance, message counts from SQS,
 * asking SQS about every queue at once.
 */
class QueueReporter {

	private final KnownQueues known;

	private final QueueProbe probe;

	private final TaskCounters counters;

	private final @Nullable QueueListeners containers;

	private Supplier<List<ScheduleStatus>> schedules = List::of;

	QueueReporter(KnownQueues known, QueueProbe probe, TaskCounters counters,
			@Nullable QueueListeners containers) {
		this.known = known;
		this.probe = probe;
		this.counters = counters;
		this.containers = containers;
	}

	void setSchedules(Supplier<List<ScheduleStatus>> schedules) {
		this.schedules = schedules;
	}

	SqsTasksReport all() {
		List<String> queues = this.known.queues();
		Map<String, CompletableFuture<QueueProbe.Result>> probes = startProbes(queues);
		Map<String, QueueReport> reports = new LinkedHashMap<>();
		for (String queue : queues) {
			reports.put(queue, report(queue, probes));
		}
		Map<String, ScheduleReport> schedules = new LinkedHashMap<>();
		this.schedules.get().forEach((status) -> schedules.put(status.id(), ScheduleReport.of(status)));
		return new SqsTasksReport(unfinishedMessages(), reports, schedules);
	}

	QueueReport one(String queue) {
		return report(queue, startProbes(List.of(queue)));
	}

	private Map<String, CompletableFuture<QueueProbe.Result>> startProbes(List<String> queues) {
		Map<String, CompletableFuture<QueueProbe.Result>> probes = new LinkedHashMap<>();
		for (String queue : queues) {
			probes.put(queue, this.probe.probe(queue));
			String deadLetterQueue = this.known.deadLetterQueue(queue);
			if (deadLetterQueue != null) {
				probes.computeIfAbsent(deadLetterQueue, this.probe::probe);
			}
		}
		return probes;
	}

	private QueueReport report(String queue, Map<String, CompletableFuture<QueueProbe.Result>> probes) {
		QueueProbe.Result own = probes.get(queue).join();
		List<QueueReport.Handler> handlers = this.known.handlers(queue)
			.stream()
			.map((definition) -> new QueueReport.Handler(definition.name(), definition.raw(), definition.isBatch(),
					definition.describeMethod()))
			.toList();
		return new QueueReport(own.name(), handlers, consumed(queue), messages(own.counts()), own.error(),
				deadLetterQueue(queue, probes), this.counters.byTask(queue));
	}

	private QueueReport.@Nullable DeadLetterQueue deadLetterQueue(String queue,
			Map<String, CompletableFuture<QueueProbe.Result>> probes) {
		String deadLetterQueue = this.known.deadLetterQueue(queue);
		if (deadLetterQueue == null) {
			return null;
		}
		QueueProbe.Result result = probes.get(deadLetterQueue).join();
		QueueCounts counts = result.counts();
		return new QueueReport.DeadLetterQueue(deadLetterQueue, result.name(),
				(counts != null) ? counts.visible() : null, result.error());
	}

	/**
	 * Returns the counts as the endpoint reports them.
	 */
	static @Nullable MessageCounts messages(@Nullable QueueCounts counts) {
		return (counts != null) ? new MessageCounts(counts.visible(), counts.inFlight(), counts.delayed()) : null;
	}

	private boolean consumed(String queue) {
		return this.containers != null && this.containers.isRunning()
				&& this.containers.consumedQueues().contains(queue);
	}

	private int unfinishedMessages() {
		return (this.containers != null) ? this.containers.unfinishedMessages() : 0;
	}

}
