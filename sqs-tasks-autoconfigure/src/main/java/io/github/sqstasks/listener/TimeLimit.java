package io.github.sqstasks.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.core.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.TaskScheduler;

/**
 * A handler's time limit ({@code task-timeout} of its queue, or {@code @SqsTask(timeout)}): when it is reached the
 * handler's thread is interrupted; a handler still running a while later ignores interrupts, and is reported with
 * what its thread is doing. Its message is then renewed no longer than {@code max-processing-time} (the heartbeat's
 * limit), after which another worker may receive it. The limit is on the listener's scheduler, so tests move it with
 * the clock.
 */
final class TimeLimit {

	private static final Logger logger = LoggerFactory.getLogger(TimeLimit.class);

	private @Nullable TaskScheduler scheduler;

	private final Map<Method, Optional<Duration>> annotated = new ConcurrentHashMap<>();

	private volatile boolean annotatedLimits;

	void useScheduler(TaskScheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Reads every handler's own limit before anything starts: a bad {@code @SqsTask(timeout)} fails start-up.
	 * @param registry the handlers
	 * @param queues the consumed queues with their settings
	 * @return the limits
	 */
	static TimeLimit forHandlers(TaskRegistry registry, Map<String, QueueSettings> queues) {
		TimeLimit timeLimit = new TimeLimit();
		Map<TaskDefinition, QueueSettings> definitions = new java.util.LinkedHashMap<>();
		queues.forEach((queue, own) -> registry.definitions(queue).forEach((definition) -> definitions.put(definition,
				own)));
		timeLimit.check(definitions);
		return timeLimit;
	}

	/**
	 * Reads the handlers' own limits at start, so that a bad one fails start-up rather than its first message.
	 * @param definitions the handlers of the consumed queues, with their queue's settings
	 */
	void check(Map<TaskDefinition, QueueSettings> definitions) {
		definitions.forEach((definition, queue) -> {
			of(definition, queue);
			if (this.annotated.get(definition.method()).isPresent()) {
				this.annotatedLimits = true;
			}
		});
	}

	/** Whether some handler has a limit of its own (otherwise only queues with a task-timeout need a look). */
	boolean hasAnnotatedLimits() {
		return this.annotatedLimits;
	}

	/**
	 * Reads a handler's own limit, failing with a message naming the method when it is not a duration.
	 */
	@Nullable Duration of(TaskDefinition definition, QueueSettings queue) {
		Optional<Duration> own = this.annotated.computeIfAbsent(definition.method(), (method) -> {
			SqsTask task = AnnotatedElementUtils.findMergedAnnotation(method, SqsTask.class);
			if (task == null || task.timeout().isBlank()) {
				return Optional.empty();
			}
			try {
				Duration timeout = DurationStyle.detectAndParse(task.timeout());
				if (timeout.isNegative() || timeout.isZero()) {
					throw new IllegalArgumentException("not more than 0s");
				}
				return Optional.of(timeout);
			}
			catch (IllegalArgumentException ex) {
				throw new TaskDefinitionException("@SqsTask(timeout = \"" + task.timeout() + "\") on "
						+ definition.describeMethod() + " is not a duration of more than 0s, such as \"30s\"");
			}
		});
		return own.orElse(queue.taskTimeout());
	}

	/**
	 * Starts watching the calling thread.
	 * @param limit how long it may run
	 * @param description names the task and message in logs and in the failure
	 * @return the watch, to close when the handler returns
	 */
	Watch start(Duration limit, String description) {
		TaskScheduler current = this.scheduler;
		if (current == null) {
			throw new IllegalStateException("The listener has not started");
		}
		return new Watch(current, Thread.currentThread(), limit, description);
	}

	/**
	 * The watch over one handler call.
	 */
	final class Watch implements AutoCloseable {

		private final Thread thread;

		private final Duration limit;

		private final String description;

		private final ScheduledFuture<?> timeout;

		private volatile @Nullable ScheduledFuture<?> report;

		private volatile boolean fired;

		private volatile boolean done;

		private final TaskScheduler scheduler;

		Watch(TaskScheduler scheduler, Thread thread, Duration limit, String description) {
			this.scheduler = scheduler;
			this.thread = thread;
			this.limit = limit;
			this.description = description;
			this.timeout = scheduler.schedule(this::expire, scheduler.getClock().instant().plus(limit));
		}

		private synchronized void expire() {
			if (this.done) {
				return;
			}
			this.fired = true;
			this.thread.interrupt();
			Duration grace = (this.limit.compareTo(Duration.ofSeconds(10)) < 0) ? this.limit : Duration.ofSeconds(10);
			this.report = this.scheduler.schedule(this::reportIgnored, this.scheduler.getClock().instant().plus(grace));
		}

		private void reportIgnored() {
			if (this.done) {
				return;
			}
			StackTraceElement[] stack = this.thread.getStackTrace();
			Throwable where = new Throwable("stack of thread '" + this.thread.getName() + "'");
			where.setStackTrace(stack);
			logger.warn("{} is still running after its task-timeout of {} although its thread was interrupted: the "
					+ "handler ignores interrupts. Its message is no longer renewed after max-processing-time",
					this.description, this.limit, where);
		}

		/**
		 * Tells whether the limit was reached.
		 */
		boolean fired() {
			return this.fired;
		}

		/**
		 * The failure that stands for the attempt once the limit was reached.
		 */
		TaskTimeoutException failure(@Nullable Throwable cause) {
			return new TaskTimeoutException(this.description + " exceeded its task-timeout of " + this.limit
					+ " and was interrupted", cause);
		}

		@Override
		public synchronized void close() {
			this.done = true;
			this.timeout.cancel(false);
			ScheduledFuture<?> pending = this.report;
			if (pending != null) {
				pending.cancel(false);
			}
			if (this.fired) {
				// the interrupt must not reach the next message this thread handles
				Thread.interrupted();
			}
		}

	}

	/**
	 * A handler ran past its time limit.
	 */
	static final class TaskTimeoutException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TaskTimeoutException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
