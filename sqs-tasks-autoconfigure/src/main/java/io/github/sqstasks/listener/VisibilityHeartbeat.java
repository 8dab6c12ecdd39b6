package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.scheduling.TaskScheduler;

/**
 * Keeps messages invisible while this instance holds them: every half visibility timeout, the timeout is renewed
 * from now, so that no other worker receives a message that is waiting for a handler or being processed. A message
 * waiting for a handler (prefetched, or a FIFO message waiting for its retry) is renewed without limit; once its
 * handler starts, for at most the queue's {@code max-processing-time}, after which it is left to expire (another
 * worker may then receive it).
 *
 * <p>While the broker does not answer, a beat whose renewal is still in flight is skipped rather than piling up
 * another request, and a message's failing renewals are logged once at WARN, with the error, not at every beat.
 * Renewals run on the listener's scheduler, so they follow its clock.
 *
 * <p>Beats with the same period wait in one list in the order they fall due, and only the first has a wake-up on the
 * scheduler: a message is started and stopped with a link and an unlink, without a scheduled task of its own. At a
 * hundred thousand messages a second, a task per message (scheduled, then cancelled by the delete milliseconds
 * later) took a tenth of the listener's CPU, most of it in the scheduler's queue and its lock.
 */
final class VisibilityHeartbeat implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private final TaskScheduler scheduler;

	private final Clock clock;

	/** Running beats by period. */
	private final Map<Duration, Line> lines = new ConcurrentHashMap<>();

	VisibilityHeartbeat(TaskScheduler scheduler) {
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
	}

	/**
	 * Starts renewing a message's visibility while it waits for a handler: without limit until
	 * {@link Beat#handlerStarted()}, then for at most {@code max}.
	 * @param renew sets the message's visibility timeout, in seconds, from now
	 * @param timeout the visibility timeout to renew, at least 1 s
	 * @param max how long to keep renewing once the handler started
	 * @param description names the message in logs
	 * @return the beat to stop when the message is deleted or given back
	 */
	Beat start(IntFunction<CompletableFuture<?>> renew, Duration timeout, Duration max, String description) {
		long timeoutSeconds = Math.max(1, timeout.getSeconds());
		Duration period = Duration.ofMillis(Math.max(200, timeoutSeconds * 1000 / 2));
		Line line = this.lines.computeIfAbsent(period, Line::new);
		Beat beat = new Beat(line, max, renew, (int) timeoutSeconds, description);
		line.add(beat, this.clock.instant().plus(period));
		return beat;
	}

	/**
	 * Renews once. A renewal that fails is tried again once, a quarter period later, rather than only at the next
	 * beat: the next beat falls when the visibility runs out, so one failed renewal would otherwise leave no margin.
	 */
	private void beat(Beat beat) {
		if (!beat.running()) {
			return;
		}
		if (beat.pastLimit()) {
			logger.warn("{} has run longer than {}; no longer extending its visibility", beat.description, beat.max);
			beat.stop();
			return;
		}
		if (!beat.inFlight.compareAndSet(false, true)) {
			return;
		}
		beat.renew.apply(beat.timeoutSeconds).whenComplete((result, error) -> {
			beat.inFlight.set(false);
			if (error == null) {
				beat.failing.set(false);
				beat.retries.set(0);
			}
			else {
				if (beat.failing.compareAndSet(false, true)) {
					logger.warn("Could not extend the visibility of {}: {}. It may be delivered again if this lasts "
							+ "beyond its visibility timeout", beat.description, BrokerErrors.describe(error));
				}
				else {
					logger.debug("Could not extend the visibility of {} again", beat.description, error);
				}
				if (beat.running() && beat.retries.getAndIncrement() == 0) {
					Duration retry = Duration.ofMillis(Math.max(100, beat.line.period.toMillis() / 4));
					this.scheduler.schedule(() -> beat(beat), this.clock.instant().plus(retry));
				}
			}
		});
	}

	/**
	 * Returns the visibility timeout a queue's heartbeat renews: its setting, else the queue's own attribute.
	 * @return the timeout, or {@code null} when it cannot be read (then nothing is renewed, and a WARN says so)
	 */
	static CompletableFuture<@Nullable Duration> visibilityTimeout(SqsAsyncClient sqs, QueueSettings queue,
			String queueUrl) {
		if (queue.visibilityTimeout() != null) {
			return CompletableFuture.completedFuture(queue.visibilityTimeout());
		}
		CompletableFuture<@Nullable Duration> timeout;
		try {
			timeout = sqs.getQueueAttributes((r) -> r.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
				.thenApply((response) -> {
					String value = response.attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
					return (value != null) ? Duration.ofSeconds(Long.parseLong(value)) : null;
				});
		}
		catch (RuntimeException ex) {
			timeout = CompletableFuture.failedFuture(ex);
		}
		return timeout.exceptionally((ex) -> {
			logger.warn("Could not read the visibility timeout of queue '{}' ({}); messages waiting for a handler will "
					+ "not be kept invisible", queue.queue(), BrokerErrors.describe(ex));
			return null;
		});
	}

	/**
	 * Stops every beat still running: the listener is stopping, and messages it still holds are left to expire.
	 */
	@Override
	public void close() {
		this.lines.values().forEach(Line::stopAll);
	}

	/**
	 * The running beats of one period, in the order they fall due (a doubly linked list through the beats), with one
	 * wake-up on the scheduler for the first of them.
	 */
	private final class Line {

		private final Duration period;

		// guarded by this
		private @Nullable Beat first;

		private @Nullable Beat last;

		private @Nullable ScheduledFuture<?> wakeUp;

		private @Nullable Instant wakeUpAt;

		Line(Duration period) {
			this.period = period;
		}

		synchronized void add(Beat beat, Instant due) {
			link(beat, due);
			if (this.wakeUpAt == null || due.isBefore(this.wakeUpAt)) {
				scheduleWakeUp(due);
			}
		}

		private void link(Beat beat, Instant due) {
			beat.due = due;
			// from the end: a beat falls due after those started before it (unless the clock went back)
			Beat after = this.last;
			while (after != null && after.due.isAfter(due)) {
				after = after.previous;
			}
			beat.previous = after;
			beat.next = (after != null) ? after.next : this.first;
			if (beat.next != null) {
				beat.next.previous = beat;
			}
			else {
				this.last = beat;
			}
			if (after != null) {
				after.next = beat;
			}
			else {
				this.first = beat;
			}
			beat.linked = true;
		}

		synchronized void remove(Beat beat) {
			if (!beat.linked) {
				return;
			}
			beat.linked = false;
			if (beat.previous != null) {
				beat.previous.next = beat.next;
			}
			else {
				this.first = beat.next;
			}
			if (beat.next != null) {
				beat.next.previous = beat.previous;
			}
			else {
				this.last = beat.previous;
			}
			beat.previous = null;
			beat.next = null;
			// While beats remain, the wake-up stays: it finds nothing due and moves on to the new first beat. An empty
			// line cancels it, so that an idle listener leaves no timer behind (on a manual clock a pending timer is a
			// stop on the way of every advance, where the listener runs at a time between).
			if (this.first == null && this.wakeUp != null) {
				this.wakeUp.cancel(false);
				this.wakeUp = null;
				this.wakeUpAt = null;
			}
		}

		/** Renews the beats due now, each one period after its last due time. */
		private void wake() {
			List<Beat> due = new ArrayList<>();
			synchronized (this) {
				this.wakeUp = null;
				this.wakeUpAt = null;
				Instant now = now();
				while (this.first != null && !this.first.due.isAfter(now)) {
					due.add(this.first);
					remove(this.first);
				}
				for (Beat beat : due) {
					if (beat.running()) {
						link(beat, beat.due.plus(this.period));
					}
				}
				if (this.first != null) {
					scheduleWakeUp(this.first.due);
				}
			}
			due.forEach(VisibilityHeartbeat.this::beat);
		}

		Instant now() {
			return VisibilityHeartbeat.this.clock.instant();
		}

		private void scheduleWakeUp(Instant at) {
			if (this.wakeUp != null) {
				this.wakeUp.cancel(false);
			}
			this.wakeUpAt = at;
			this.wakeUp = VisibilityHeartbeat.this.scheduler.schedule(this::wake, at);
		}

		void stopAll() {
			List<Beat> all = new ArrayList<>();
			synchronized (this) {
				for (Beat beat = this.first; beat != null; beat = beat.next) {
					all.add(beat);
				}
			}
			all.forEach(Beat::stop);
			synchronized (this) {
				if (this.wakeUp != null) {
					this.wakeUp.cancel(false);
				}
				this.wakeUp = null;
				this.wakeUpAt = null;
			}
		}

	}

	/**
	 * A running heartbeat.
	 */
	static final class Beat {

		/** Its period's line; {@code null} for a beat that renews nothing. */
		private final @Nullable Line line;

		private final @Nullable IntFunction<CompletableFuture<?>> renew;

		private final int timeoutSeconds;

		private final String description;

		private final AtomicBoolean inFlight = new AtomicBoolean();

		private final AtomicBoolean failing = new AtomicBoolean();

		/** Quick retries since the last renewal that succeeded: one at most. */
		private final AtomicInteger retries = new AtomicInteger();

		private volatile boolean stopped;

		private final Duration max;

		private volatile @Nullable Instant deadline;

		// guarded by the line
		private Instant due = Instant.MIN;

		private @Nullable Beat previous;

		private @Nullable Beat next;

		private boolean linked;

		/** A beat that renews nothing (no visibility to keep). */
		Beat() {
			this(null, Duration.ZERO, null, 0, "");
		}

		private Beat(@Nullable Line line, Duration max, @Nullable IntFunction<CompletableFuture<?>> renew,
				int timeoutSeconds, String description) {
			this.line = line;
			this.max = max;
			this.renew = renew;
			this.timeoutSeconds = timeoutSeconds;
			this.description = description;
		}

		/**
		 * Starts counting the maximum processing time: the message's handler starts now.
		 */
		void handlerStarted() {
			if (this.line != null && this.deadline == null) {
				this.deadline = this.line.now().plus(this.max);
			}
		}

		/**
		 * The handler finished and the message waits again (a FIFO message held for its retry): renewed without
		 * limit until its next attempt starts.
		 */
		void waiting() {
			this.deadline = null;
		}

		private boolean pastLimit() {
			Instant limit = this.deadline;
			return this.line != null && limit != null && this.line.now().isAfter(limit);
		}

		boolean running() {
			return !this.stopped;
		}

		void stop() {
			this.stopped = true;
			if (this.line != null) {
				this.line.remove(this);
			}
		}

	}

}
