package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class VisibilityHeartbeat implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Set<Beat> running = ConcurrentHashMap.newKeySet();

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
		Beat beat = new Beat(this, max);
		this.running.add(beat);
		Duration retry = Duration.ofMillis(Math.max(100, period.toMillis() / 4));
		beat.future = this.scheduler.scheduleAtFixedRate(
				() -> beat(beat, renew, (int) timeoutSeconds, description, retry), this.clock.instant().plus(period),
				period);
		return beat;
	}

	/**
	 * Renews once. A renewal that fails is tried again once, a quarter period later, rather than only at the next
	 * beat: the next beat falls when the visibility runs out, so one failed renewal would otherwise leave no margin.
	 */
	private void beat(Beat beat, IntFunction<CompletableFuture<?>> renew, int timeoutSeconds, String description,
			Duration retry) {
		if (beat.pastLimit()) {
			logger.warn("{} has run longer than {}; no longer extending its visibility", description, beat.max);
			beat.stop();
			return;
		}
		if (!beat.inFlight.compareAndSet(false, true)) {
			return;
		}
		renew.apply(timeoutSeconds).whenComplete((result, error) -> {
			beat.inFlight.set(false);
			if (error == null) {
				beat.failing.set(false);
				beat.retries.set(0);
			}
			else {
				if (beat.failing.compareAndSet(false, true)) {
					logger.warn("Could not extend the visibility of {}: {}. It may be delivered again if this lasts "
							+ "beyond its visibility timeout", description, BrokerErrors.describe(error));
				}
				else {
					logger.debug("Could not extend the visibility of {} again", description, error);
				}
				if (beat.running() && beat.retries.getAndIncrement() == 0) {
					this.scheduler.schedule(() -> {
						if (beat.running()) {
							beat(beat, renew, timeoutSeconds, description, retry);
						}
					}, this.clock.instant().plus(retry));
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
		this.running.forEach(Beat::stop);
	}

	/**
	 * A running heartbeat.
	 */
	static final class Beat {

		private final @Nullable VisibilityHeartbeat owner;

		private volatile @Nullable ScheduledFuture<?> future;

		private final AtomicBoolean inFlight = new AtomicBoolean();

		private final AtomicBoolean failing = new AtomicBoolean();

		/** Quick retries since the last renewal that succeeded: one at most. */
		private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

		private volatile boolean stopped;

		private final Duration max;

		private volatile @Nullable Instant deadline;

		/** A beat that renews nothing (no visibility to keep). */
		Beat() {
			this(null, Duration.ZERO);
		}

		private Beat(@Nullable VisibilityHeartbeat owner, Duration max) {
			this.owner = owner;
			this.max = max;
		}

		/**
		 * Starts counting the maximum processing time: the message's handler starts now.
		 */
		void handlerStarted() {
			if (this.owner != null && this.deadline == null) {
				this.deadline = this.owner.clock.instant().plus(this.max);
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
			return this.owner != null && limit != null && this.owner.clock.instant().isAfter(limit);
		}

		boolean running() {
			return !this.stopped;
		}

		void stop() {
			this.stopped = true;
			ScheduledFuture<?> current = this.future;
			if (current != null) {
				current.cancel(false);
			}
			if (this.owner != null) {
				this.owner.running.remove(this);
			}
		}

	}

}
