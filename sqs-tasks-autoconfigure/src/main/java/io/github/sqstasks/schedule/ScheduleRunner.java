package io.github.sqstasks.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.ClockWait;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ReflectionUtils;

/**
 * Runs the application's schedules: one thread per instance enqueues each tick when it is due, on every instance,
 * and SQS keeps one job per tick.
 *
 * <p>How one job per tick comes about without a lock: each tick is sent with a FIFO deduplication id made of the
 * schedule id and the tick's time, the same on every instance; SQS accepts the first copy and drops the others sent
 * within its five-minute deduplication interval. A FIFO target queue receives the job directly (message group: the
 * schedule id). A standard queue cannot deduplicate, so the tick goes to the library's FIFO queue
 * {@code sqs-tasks-ticks.fifo} and its handler enqueues the job on the target.
 *
 * <p>A tick is sent at most {@link #MAX_LATENESS} after its time, well inside the deduplication interval; ticks older
 * than that, those of a stall and those from before the instance started, are skipped. At start-up only the latest
 * tick of that last minute is sent (other instances most likely sent it; if none ran, it is the one missed tick that
 * is caught up), so a restart never floods a queue.
 */
public final class ScheduleRunner implements SmartInitializingSingleton, SmartLifecycle {

	/** The longest a tick may be late and still be sent. */
	public static final Duration MAX_LATENESS = Duration.ofMinutes(1);

	/** The context key holding the schedule id, on every scheduled job. */
	public static final String SCHEDULE_KEY = "sqs_tasks_schedule";

	/** The context key holding the tick's time (ISO-8601, UTC), on every scheduled job. */
	public static final String TICK_KEY = "sqs_tasks_tick";

	/** How long to wait before trying again a tick whose send failed. */
	static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(ScheduleRunner.class);

	private final SqsTaskTemplate template;

	private final TaskRegistry registry;

	private final TaskDefinitionFactory definitions;

	private final TaskCodec codec;

	private final ClockWait wait;

	private List<Schedule> configured = List.of();

	private Function<String, String> placeholders = Function.identity();

	private Supplier<Set<String>> configuredQueues = Set::of;

	private Consumer<String> provisioning = (queue) -> {
	};

	private Supplier<Collection<String>> consumedQueues = List::of;

	private volatile List<ScheduleState> states = List.of();

	private volatile @Nullable Thread thread;

	/**
	 * Creates the runner, without schedules until {@link #setSchedules} and start-up.
	 * @param template sends the ticks
	 * @param registry the handlers: schedules on annotated methods, targets to check, and where the tick queue's
	 * handler is registered
	 * @param definitions builds the tick queue's handler
	 * @param codec reads the arguments of annotated schedules
	 * @param clock the time source of ticks
	 */
	public ScheduleRunner(SqsTaskTemplate template, TaskRegistry registry, TaskDefinitionFactory definitions,
			TaskCodec codec, Clock clock) {
		this.template = template;
		this.registry = registry;
		this.definitions = definitions;
		this.codec = codec;
		this.wait = new ClockWait(clock, Duration.ofSeconds(1));
	}

	/**
	 * Sets the schedules from the configuration ({@code sqs-tasks.schedules}).
	 * @param schedules the schedules
	 */
	public void setSchedules(List<Schedule> schedules) {
		this.configured = List.copyOf(schedules);
	}

	/**
	 * Sets how {@code ${...}} placeholders in annotations are resolved.
	 * @param placeholders the resolver
	 */
	public void setPlaceholderResolver(Function<String, String> placeholders) {
		this.placeholders = placeholders;
	}

	/**
	 * Sets the queues the configuration declares, which schedules may target without a handler here.
	 * @param configuredQueues the queue names without prefix
	 */
	public void setConfiguredQueues(Supplier<Set<String>> configuredQueues) {
		this.configuredQueues = configuredQueues;
	}

	/**
	 * Sets what makes sure a queue exists (creates or checks it, as for every other queue).
	 * @param provisioning called with the tick queue's name when a schedule needs it
	 */
	public void setQueueProvisioning(Consumer<String> provisioning) {
		this.provisioning = provisioning;
	}

	/**
	 * Sets the queues this instance consumes, to warn when the tick queue is not one of them.
	 * @param consumedQueues the queue names without prefix
	 */
	public void setConsumedQueues(Supplier<Collection<String>> consumedQueues) {
		this.consumedQueues = consumedQueues;
	}

	/**
	 * Checks every schedule and, when one targets a standard queue, registers the tick queue's handler and makes sure
	 * the tick queue exists.
	 * @throws ScheduleDefinitionException for a schedule that cannot run
	 */
	@Override
	public void afterSingletonsInstantiated() {
		ScheduleCatalog catalog = new ScheduleCatalog(this.registry, this.template, this.codec.objectMapper(),
				this.placeholders, (queue) -> this.configuredQueues.get().contains(queue));
		List<ScheduledTask> tasks = catalog.resolve(this.configured);
		List<ScheduleState> created = new ArrayList<>();
		tasks.forEach((task) -> created.add(new ScheduleState(task)));
		this.states = List.copyOf(created);
		if (tasks.stream().anyMatch(ScheduledTask::relayed)) {
			registerRelay();
		}
	}

	private void registerRelay() {
		if (this.registry.find(TickRelay.QUEUE, TickRelay.TASK) == null) {
			TickRelay relay = new TickRelay(this.template);
			this.registry.register(this.definitions.task(TickRelay.QUEUE, TickRelay.TASK, relay,
					ReflectionUtils.findMethod(TickRelay.class, "tick", (Class<?>[]) null)));
		}
		this.provisioning.accept(TickRelay.QUEUE);
	}

	@Override
	public synchronized void start() {
		if (this.thread != null || this.states.isEmpty()) {
			return;
		}
		if (!this.consumedQueues.get().contains(TickRelay.QUEUE)
				&& this.states.stream().anyMatch((state) -> state.task.relayed())) {
			logger.warn("This instance does not consume sqs-tasks' tick queue '{}' (sqs-tasks.listener): ticks of "
					+ "schedules onto standard queues wait there until an instance that consumes it relays them.",
					TickRelay.QUEUE);
		}
		Instant now = this.wait.clock().instant();
		for (ScheduleState state : this.states) {
			state.startAt(now);
			logger.info("Schedule '{}' enqueues task '{}' on queue '{}' at '{}' ({}); next tick {}", state.task.id(),
					state.task.schedule().task(), state.task.schedule().queue(), state.task.schedule().cron(),
					state.task.zone(), state.next);
		}
		Thread started = new Thread(this::run, "sqs-tasks-schedules");
		started.setDaemon(true);
		this.thread = started;
		started.start();
	}

	@Override
	public void stop() {
		Thread running;
		synchronized (this) {
			running = this.thread;
			this.thread = null;
		}
		if (running == null) {
			return;
		}
		running.interrupt();
		try {
			running.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	/**
	 * Returns each schedule with its next tick and the last tick this instance enqueued, in declaration order.
	 * @return the schedules, empty when there are none
	 */
	public List<ScheduleStatus> schedules() {
		return this.states.stream().map(ScheduleState::status).toList();
	}

	/**
	 * Ends the current wait so that due ticks are looked at now, for example after a test moved its clock.
	 */
	public void wakeUp() {
		this.wait.wakeUp();
	}

	private void run() {
		while (this.thread == Thread.currentThread()) {
			Instant next;
			try {
				next = fireDue();
			}
			catch (RuntimeException ex) {
				logger.error("Schedules failed to look for due ticks; trying again in {} s", RETRY_DELAY.toSeconds(), ex);
				next = this.wait.clock().instant().plus(RETRY_DELAY);
			}
			try {
				this.wait.until((next != null) ? next : this.wait.clock().instant().plus(Duration.ofHours(1)));
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * Enqueues every tick that is due, skips those later than {@link #MAX_LATENESS}.
	 * @return when to look again: the earliest next tick, sooner after a failed send; {@code null} when no schedule
	 * has a further tick
	 */
	synchronized @Nullable Instant fireDue() {
		Instant now = this.wait.clock().instant();
		Instant earliest = null;
		for (ScheduleState state : this.states) {
			Instant next = fire(state, now);
			if (next != null && (earliest == null || next.isBefore(earliest))) {
				earliest = next;
			}
		}
		return earliest;
	}

	private @Nullable Instant fire(ScheduleState state, Instant now) {
		while (state.next != null && !state.next.isAfter(now)) {
			Instant tick = state.next;
			Duration late = Duration.between(tick, now);
			if (late.compareTo(MAX_LATENESS) > 0) {
				// One jump past every tick that is too late, however many (a stall of hours on a per-second cron).
				Instant resume = state.task.nextAfter(now.minus(MAX_LATENESS));
				logger.warn("Schedule '{}' skips its ticks from {} to before {}: they are over {} s late, after which "
						+ "a tick is no longer sent (this instance was stalled).", state.task.id(), tick,
						(resume != null) ? resume : "the end of its expression", MAX_LATENESS.toSeconds());
				state.next = resume;
				continue;
			}
			if (!send(state, tick)) {
				return now.plus(RETRY_DELAY);
			}
			state.next = state.task.nextAfter(tick);
		}
		return state.next;
	}

	private boolean send(ScheduleState state, Instant tick) {
		ScheduledTask task = state.task;
		JobOptions options = JobOptions.defaults().groupId(task.id()).deduplicationId(task.deduplicationId(tick));
		try (TaskContext.Scope scope = TaskContext.with(Map.of(SCHEDULE_KEY, task.id(), TICK_KEY, tick.toString()))) {
			if (task.relayed()) {
				this.template.addJob(TickRelay.QUEUE, TickRelay.TASK, TickRelay.arguments(task), options);
			}
			else {
				this.template.addJob(task.schedule().queue(), task.schedule().task(), task.arguments(), options);
			}
			state.sent(tick, this.wait.clock().instant());
			logger.debug("Schedule '{}' enqueued its tick of {}", task.id(), tick);
			return true;
		}
		catch (RuntimeException ex) {
			state.lastError = ex.getMessage();
			logger.warn("Schedule '{}' could not enqueue its tick of {} (trying again for up to {} s after the tick): "
					+ "{}", task.id(), tick, MAX_LATENESS.toSeconds(), ex.getMessage());
			return false;
		}
	}

}
