package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages invisible while their handlers run: every half visibility timeout, the timeout is renewed from now,
 * so that no other worker receives a message that is still being processed. Bounded by a maximum processing time
 * counted from the handler's start, after which the message is left to expire (another worker may then receive it).
 * A message received ahead of a free handler is renewed without limit while it waits (a stop gives it back), so that
 * a long wait in the prefetch never lets it expire and run twice.
 *
 * <p>While the broker does not answer, a beat whose renewal is still in flight is skipped rather than piling up
 * another request, and a message's failing renewals are logged once at WARN, with the error, not at every beat.
 */
final class VisibilityHeartbeat implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
		Thread thread = new Thread(runnable, "sqs-tasks-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	VisibilityHeartbeat() {
		// A stopped beat leaves the queue at once. By default a cancelled task stays queued until it would have run,
		// half a visibility timeout later (up to 6 h): every message handled in that time kept one (SoakTests).
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts renewing a message's visibility for a handler that starts now.
	 * @param renew sets the message's visibility timeout, in seconds, from now
	 * @param timeout the visibility timeout to renew, at least 1 s
	 * @param max how long to keep renewing
	 * @param description names the message in logs
	 * @return the beat to stop when the message is deleted or released
	 */
	Beat start(IntFunction<CompletableFuture<?>> renew, Duration timeout, Duration max, String description) {
		Beat beat = startWaiting(renew, timeout, max, description);
		beat.handlerStarted();
		return beat;
	}

	/**
	 * Starts renewing a message's visibility while it waits for a handler: without limit until
	 * {@link Beat#handlerStarted()}, then for at most {@code max}.
	 * @param renew sets the message's visibility timeout, in seconds, from now
	 * @param timeout the visibility timeout to renew, at least 1 s
	 * @param max how long to keep renewing once the handler started
	 * @param description names the message in logs
	 * @return the beat to stop when the message is deleted or released
	 */
	Beat startWaiting(IntFunction<CompletableFuture<?>> renew, Duration timeout, Duration max, String description) {
		long timeoutSeconds = Math.max(1, timeout.getSeconds());
		long periodMillis = Math.max(200, timeoutSeconds * 1000 / 2);
		Beat beat = new Beat(max);
		beat.future = this.scheduler.scheduleAtFixedRate(() -> {
			if (beat.pastLimit()) {
				logger.warn("{} has run longer than {}; no longer extending its visibility", description, max);
				beat.stop();
				return;
			}
			if (!beat.inFlight.compareAndSet(false, true)) {
				return;
			}
			renew.apply((int) timeoutSeconds).whenComplete((result, error) -> {
				beat.inFlight.set(false);
				if (error == null) {
					beat.failing.set(false);
				}
				else if (beat.failing.compareAndSet(false, true)) {
					logger.warn("Could not extend the visibility of {}: {}. It may be delivered again if this lasts "
							+ "beyond its visibility timeout", description, BrokerErrors.describe(error));
				}
				else {
					logger.debug("Could not extend the visibility of {} again", description, error);
				}
			});
		}, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
		return beat;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * A running heartbeat.
	 */
	static final class Beat {

		private volatile ScheduledFuture<?> future;

		private final AtomicBoolean inFlight = new AtomicBoolean();

		private final AtomicBoolean failing = new AtomicBoolean();

		private final long maxNanos;

		private volatile boolean limited;

		private volatile long deadline;

		/** A beat that renews nothing (no visibility to keep). */
		Beat() {
			this(Duration.ZERO);
		}

		private Beat(Duration max) {
			this.maxNanos = max.toNanos();
		}

		/**
		 * Starts counting the maximum processing time: the message's handler starts now. Once only.
		 */
		void handlerStarted() {
			if (!this.limited) {
				this.deadline = System.nanoTime() + this.maxNanos;
				this.limited = true;
			}
		}

		private boolean pastLimit() {
			return this.limited && System.nanoTime() - this.deadline > 0;
		}

		void stop() {
			ScheduledFuture<?> current = this.future;
			if (current != null) {
				current.cancel(false);
			}
		}

	}

}
