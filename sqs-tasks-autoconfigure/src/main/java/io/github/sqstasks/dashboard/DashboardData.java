package io.github.sqstasks.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.deadletter.DeadLetter;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.deadletter.RedriveResult;
import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.schedule.ScheduleStatus;
import io.github.sqstasks.internal.QueueCounts;
import io.github.sqstasks.internal.QueueProbe;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.listener.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows and does: queues with their counts (asking SQS about every queue at once, as the
 * Actuator endpoint does), tasks with this instance's counters and recent activity, and the dead letters of a queue.
 */
final class DashboardData {

	/** How many dead letters the page lists when it does not say. */
	static final int DEFAULT_MAX_DEAD_LETTERS = 20;

	/** The longest body the page gets, in characters; longer ones are cut, and the page says so. */
	static final int MAX_BODY_CHARS = 16 * 1024;

	private final KnownQueues known;

	private final QueueProbe probe;

	private final QueueResolver resolver;

	private final TaskCounters counters;

	private final TaskActivity activity;

	private final DeadLetterQueues deadLetters;

	private final Supplier<@Nullable QueueListeners> containers;

	private final Clock clock;

	private final boolean writable;

	private final Duration refreshInterval;

	private Supplier<List<ScheduleStatus>> schedules = List::of;

	DashboardData(KnownQueues known, QueueProbe probe, QueueResolver resolver, TaskCounters counters,
			TaskActivity activity, DeadLetterQueues deadLetters, Supplier<@Nullable QueueListeners> containers,
			Clock clock, boolean writable, Duration refreshInterval) {
		this.known = known;
		this.probe = probe;
		this.resolver = resolver;
		this.counters = counters;
		this.activity = activity;
		this.deadLetters = deadLetters;
		this.containers = containers;
		this.clock = clock;
		this.writable = writable;
		this.refreshInterval = refreshInterval;
	}

	boolean writable() {
		return this.writable;
	}

	Overview overview() {
		List<String> queues = this.known.queues();
		Map<String, CompletableFuture<QueueProbe.Result>> probes = new LinkedHashMap<>();
		for (String queue : queues) {
			probes.put(queue, this.probe.probe(queue));
			String deadLetterQueue = this.known.deadLetterQueue(queue);
			if (deadLetterQueue != null) {
				probes.computeIfAbsent(deadLetterQueue, this.probe::probe);
			}
		}
		QueueListeners listener = this.containers.get();
		List<QueueRow> queueRows = new ArrayList<>();
		List<TaskRow> taskRows = new ArrayList<>();
		for (String queue : queues) {
			QueueProbe.Result own = probes.get(queue).join();
			List<String> tasks = this.known.handlers(queue).stream().map(TaskDefinition::name).toList();
			boolean consumed = listener != null && listener.isRunning() && listener.consumedQueues().contains(queue);
			queueRows.add(new QueueRow(queue, own.name(), consumed, tasks, own.counts(), own.error(),
					deadLetterRow(queue, probes)));
			taskRows.addAll(taskRows(queue, tasks));
		}
		int unfinished = (listener != null) ? listener.unfinishedMessages() : 0;
		List<Object> scheduleRows = new ArrayList<>();
		this.schedules.get().forEach((schedule) -> scheduleRows.add(new ScheduleRow(schedule.id(),
				schedule.queue() + " / " + schedule.task(), schedule.cron() + " (" + schedule.zone() + ")",
				schedule.nextTick(), schedule.lastEnqueuedAt(), schedule.lastError())));
		return new Overview(this.clock.instant(), this.writable, this.refreshInterval.toMillis(),
				TaskActivity.BUCKET_SECONDS, unfinished, queueRows, taskRows, scheduleRows);
	}

	/**
	 * Sets where the schedules come from (with {@code sqs-tasks.schedules} or {@code @SqsTaskSchedule}).
	 */
	void setSchedules(Supplier<List<ScheduleStatus>> schedules) {
		this.schedules = schedules;
	}

	DeadLetterPage deadLetters(String queue, int max) {
		String deadLetterQueue = requireDeadLetterQueue(queue);
		if (max < 1 || max > DeadLetterQueues.MAX_PEEK) {
			throw new DashboardException(400, "Cannot list " + max + " dead letter(s) of queue '" + queue
					+ "': max must be between 1 and " + DeadLetterQueues.MAX_PEEK);
		}
		List<DeadLetter> messages;
		try {
			messages = this.deadLetters.peek(queue, max);
		}
		catch (RuntimeException ex) {
			throw brokerError("Cannot list the messages of dead-letter queue '" + deadLetterQueue + "'",
					deadLetterQueue, ex);
		}
		return new DeadLetterPage(queue, deadLetterQueue, messages.stream().map(DeadLetterView::of).toList());
	}

	ActionResult replayOrDiscard(String queue, String messageId, String action) {
		String deadLetterQueue = requireDeadLetterQueue(queue);
		boolean found;
		try {
			found = "replay".equals(action) ? this.deadLetters.replay(queue, messageId)
					: this.deadLetters.discard(queue, messageId);
		}
		catch (RuntimeException ex) {
			throw brokerError("Cannot " + action + " message " + messageId + " of dead-letter queue '"
					+ deadLetterQueue + "'", deadLetterQueue, ex);
		}
		if (!found) {
			throw new DashboardException(404, "No message " + messageId + " in dead-letter queue '" + deadLetterQueue
					+ "' among the first " + DeadLetterQueues.MAX_SEARCH + " visible ones: it may have been replayed "
					+ "or discarded already");
		}
		return new ActionResult(queue, deadLetterQueue, action, messageId, null);
	}

	ActionResult redrive(String queue) {
		String deadLetterQueue = requireDeadLetterQueue(queue);
		RedriveResult result;
		try {
			result = this.deadLetters.redrive(queue);
		}
		catch (RuntimeException ex) {
			throw brokerError("Cannot redrive dead-letter queue '" + deadLetterQueue + "' to queue '" + queue + "'",
					deadLetterQueue, ex);
		}
		return new ActionResult(queue, deadLetterQueue, "redrive", null, result.moved());
	}

	private List<TaskRow> taskRows(String queue, List<String> handlers) {
		Map<String, Map<TaskOutcome, Long>> counts = this.counters.byTask(queue);
		TreeSet<String> names = new TreeSet<>(handlers);
		names.addAll(counts.keySet());
		List<TaskRow> rows = new ArrayList<>();
		for (String task : names) {
			Map<TaskOutcome, Long> outcomes = counts.getOrDefault(task, Map.of());
			rows.add(new TaskRow(queue, task, outcomes.getOrDefault(TaskOutcome.SUCCEEDED, 0L),
					outcomes.getOrDefault(TaskOutcome.RETRIED, 0L), outcomes.getOrDefault(TaskOutcome.DEAD_LETTERED, 0L),
					outcomes.getOrDefault(TaskOutcome.FAILED, 0L), this.activity.history(queue, task)));
		}
		return rows;
	}

	private @Nullable DeadLetterRow deadLetterRow(String queue, Map<String, CompletableFuture<QueueProbe.Result>> probes) {
		String deadLetterQueue = this.known.deadLetterQueue(queue);
		if (deadLetterQueue == null) {
			return null;
		}
		QueueProbe.Result result = probes.get(deadLetterQueue).join();
		QueueCounts counts = result.counts();
		return new DeadLetterRow(deadLetterQueue, result.name(), (counts != null) ? counts.visible() : null,
				result.error());
	}

	private String requireDeadLetterQueue(String queue) {
		if (!this.known.contains(queue)) {
			throw new DashboardException(404, "Unknown sqs-tasks queue '" + queue + "': it has no handler in this "
					+ "application and is not configured under sqs-tasks.queues. Known queues: "
					+ String.join(", ", this.known.queues()) + ".");
		}
		String deadLetterQueue = this.known.deadLetterQueue(queue);
		if (deadLetterQueue == null) {
			throw new DashboardException(400, "Queue '" + queue + "' has no dead-letter queue: set sqs-tasks.queues."
					+ queue + ".dead-letter-queue");
		}
		return deadLetterQueue;
	}

	private DashboardException brokerError(String what, String deadLetterQueue, RuntimeException ex) {
		return new DashboardException(503, what + ": " + this.probe.describe(this.resolver.physicalName(deadLetterQueue),
				ex));
	}

	/**
	 * The page's data.
	 */
	record Overview(Instant generatedAt, boolean writable, long refreshMillis, int bucketSeconds,
			int unfinishedMessages, List<QueueRow> queues, List<TaskRow> tasks, List<Object> schedules) {
	}

	/** A schedule as the page shows it. */
	record ScheduleRow(String schedule, String task, String cron, @Nullable Instant nextTick,
			@Nullable Instant lastEnqueued, @Nullable String lastError) {
	}

	/**
	 * One queue: its counts, or why they are missing, and its dead-letter queue.
	 */
	record QueueRow(String queue, String name, boolean consumed, List<String> tasks, @Nullable QueueCounts messages,
			@Nullable String error, @Nullable DeadLetterRow deadLetterQueue) {
	}

	/**
	 * A queue's dead-letter queue and the messages waiting in it.
	 */
	record DeadLetterRow(String queue, String name, @Nullable Long depth, @Nullable String error) {
	}

	/**
	 * One task of a queue: this instance's counts since it started and its last minutes.
	 */
	record TaskRow(String queue, String task, long succeeded, long retried, long deadLettered, long failed,
			List<TaskActivity.Point> history) {
	}

	/**
	 * Dead letters of a queue.
	 */
	record DeadLetterPage(String queue, String deadLetterQueue, List<DeadLetterView> messages) {
	}

	/**
	 * One dead letter as the page shows it: the body cut at {@value #MAX_BODY_CHARS} characters.
	 */
	record DeadLetterView(String messageId, @Nullable String taskName, @Nullable String failureReason,
			int receiveCount, @Nullable Instant sentAt, Map<String, String> context, String body, int bodyLength,
			boolean bodyCut) {

		static DeadLetterView of(DeadLetter message) {
			String body = message.body();
			boolean cut = body.length() > MAX_BODY_CHARS;
			return new DeadLetterView(message.messageId(), message.taskName(), message.failureReason(),
					message.receiveCount(), message.sentAt(), message.context(),
					cut ? body.substring(0, MAX_BODY_CHARS) : body, body.length(), cut);
		}

	}

	/**
	 * What a write action did.
	 */
	record ActionResult(String queue, String deadLetterQueue, String action, @Nullable String messageId,
			@Nullable Long moved) {
	}

}
