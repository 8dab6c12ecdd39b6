package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import org.springframework.scheduling.TaskScheduler;

/**
 * Deletes finished messages in {@code DeleteMessageBatch} requests: when a queue has {@code threshold} waiting (at
 * most 10), or every {@code interval}; with both 0, each at once.
 *
 * <p>Ours because Spring Cloud AWS's batching acknowledgement processor stops scheduling its interval flush once its
 * container stops: a final partial batch is never sent and is dropped at the end of its shutdown timeout, so those
 * messages come back although their handlers succeeded. {@link #close(Duration)} sends everything that is waiting.
 *
 * <p>A request that gets no answer (the broker unreachable, a timeout, a server error) is sent again with back-off
 * ({@link BrokerErrors#BACKOFF}) for up to {@link #RETRY_WINDOW}: a delete that is given up means the message is
 * delivered again, so its handler runs twice. Until the delete succeeds or is given up, the message's heartbeat keeps
 * it invisible whenever the broker answers. Refused entries (an invalid receipt handle) are not retried.
 *
 * <p>Once closing, a delete is sent at once: a handler that finishes during the stop still has its message deleted.
 * Timed flushes and retries run on the listener's scheduler.
 */
final class MessageDeleter {

	/**
	 * How long a delete that got no answer is retried. Beyond that the message has most likely become visible and
	 * been received again, which makes its receipt handle stale.
	 */
	private static final Duration RETRY_WINDOW = Duration.ofMinutes(5);

	private static final Logger logger = LoggerFactory.getLogger(MessageDeleter.class);

	private final SqsAsyncClient sqs;

	private final int threshold;

	private final Map<String, List<Pending>> waiting = new HashMap<>();

	private final Set<CompletableFuture<?>> sending = ConcurrentHashMap.newKeySet();

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final boolean immediate;

	private final Set<Chunk> retrying = new HashSet<>();

	private final @Nullable ScheduledFuture<?> flushes;

	private volatile boolean closing;

	MessageDeleter(SqsAsyncClient sqs, TaskScheduler scheduler, Duration interval, int threshold) {
		this.sqs = sqs;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		this.threshold = Math.max(1, Math.min(10, threshold));
		// Without an interval nothing would ever flush a partial batch, so every delete goes out at once.
		this.immediate = interval.isZero();
		this.flushes = this.immediate ? null
				: scheduler.scheduleWithFixedDelay(this::flush, this.clock.instant().plus(interval), interval);
	}

	CompletableFuture<Void> delete(String queueUrl, String receiptHandle, String messageId) {
		Pending pending = new Pending(receiptHandle, messageId, new CompletableFuture<>());
		List<Pending> batch = null;
		synchronized (this.waiting) {
			List<Pending> queue = this.waiting.computeIfAbsent(queueUrl, (url) -> new ArrayList<>());
			queue.add(pending);
			if (this.immediate || this.closing || queue.size() >= this.threshold) {
				batch = this.waiting.remove(queueUrl);
			}
		}
		if (batch != null) {
			send(queueUrl, batch);
		}
		return pending.done();
	}

	void flush() {
		Map<String, List<Pending>> all;
		synchronized (this.waiting) {
			all = new HashMap<>(this.waiting);
			this.waiting.clear();
		}
		all.forEach(this::send);
	}

	/**
	 * Sends every waiting delete and waits for the requests in flight.
	 * @param timeout the longest wait
	 */
	void close(Duration timeout) {
		List<Chunk> retries;
		synchronized (this.retrying) {
			this.closing = true;
			retries = List.copyOf(this.retrying);
			this.retrying.clear();
		}
		if (this.flushes != null) {
			this.flushes.cancel(false);
		}
		flush();
		// A last attempt for deletes waiting to be retried, now rather than after their back-off.
		retries.forEach((chunk) -> attempt(chunk.next()));
		CompletableFuture<?> all = CompletableFuture.allOf(this.sending.toArray(CompletableFuture[]::new));
		try {
			all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			logger.warn("Deletes still in flight after {}; those messages will be delivered again", timeout);
		}
	}

	private void send(String queueUrl, List<Pending> batch) {
		for (int from = 0; from < batch.size(); from += 10) {
			attempt(new Chunk(queueUrl, List.copyOf(batch.subList(from, Math.min(batch.size(), from + 10))), 1,
					this.clock.instant()));
		}
	}

	private void attempt(Chunk chunk) {
		List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < chunk.messages().size(); i++) {
			entries.add(DeleteMessageBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.receiptHandle(chunk.messages().get(i).receiptHandle())
				.build());
		}
		CompletableFuture<DeleteMessageBatchResponse> request = this.sqs
			.deleteMessageBatch((r) -> r.queueUrl(chunk.queueUrl()).entries(entries));
		this.sending.add(request);
		request.whenComplete((response, error) -> {
			if (error == null || !retryLater(chunk, error)) {
				complete(chunk, response, error);
			}
			this.sending.remove(request);
		});
	}

	/**
	 * Schedules the next attempt of a request that failed for want of an answer, unless it has been retried long
	 * enough or the deleter is closing.
	 * @return whether a retry was scheduled
	 */
	private boolean retryLater(Chunk chunk, Throwable error) {
		if (!BrokerErrors.isTransient(error)
				|| Duration.between(chunk.firstAttempt(), this.clock.instant()).compareTo(RETRY_WINDOW) > 0) {
			return false;
		}
		synchronized (this.retrying) {
			if (this.closing) {
				return false;
			}
			this.retrying.add(chunk);
		}
		Duration delay = BrokerErrors.BACKOFF.delay(chunk.attempt());
		if (chunk.attempt() == 1) {
			logger.warn("Could not delete {} message(s) from queue '{}': {}. Retrying for up to {} min; if that "
					+ "fails, they will be delivered again", chunk.messages().size(),
					BrokerErrors.queueName(chunk.queueUrl()), BrokerErrors.describe(error), RETRY_WINDOW.toMinutes());
		}
		else {
			logger.debug("Delete of {} message(s) from queue '{}' failed again (attempt {}); retrying in {} ms",
					chunk.messages().size(), BrokerErrors.queueName(chunk.queueUrl()), chunk.attempt(),
					delay.toMillis(), error);
		}
		this.scheduler.schedule(() -> retry(chunk), this.clock.instant().plus(delay));
		return true;
	}

	private void retry(Chunk chunk) {
		synchronized (this.retrying) {
			if (!this.retrying.remove(chunk)) {
				return;
			}
		}
		attempt(chunk.next());
	}

	private static void complete(Chunk chunk, DeleteMessageBatchResponse response, Throwable error) {
		List<Pending> messages = chunk.messages();
		String queue = BrokerErrors.queueName(chunk.queueUrl());
		if (error != null) {
			if (chunk.attempt() > 1) {
				logger.warn("Gave up deleting {} message(s) from queue '{}' after {} attempts: {}; they will be "
						+ "delivered again", messages.size(), queue, chunk.attempt(), BrokerErrors.describe(error));
			}
			messages.forEach((pending) -> pending.done().completeExceptionally(error));
			return;
		}
		if (chunk.attempt() > 1) {
			logger.info("Deleted {} message(s) from queue '{}' at attempt {}", messages.size(), queue,
					chunk.attempt());
		}
		Map<String, BatchResultErrorEntry> failed = new HashMap<>();
		response.failed().forEach((entry) -> failed.put(entry.id(), entry));
		for (int i = 0; i < messages.size(); i++) {
			BatchResultErrorEntry failure = failed.get(Integer.toString(i));
			if (failure == null) {
				messages.get(i).done().complete(null);
			}
			else {
				messages.get(i).done().completeExceptionally(new IllegalStateException("Delete of message "
						+ messages.get(i).messageId() + " failed: " + failure.code() + " " + failure.message()));
			}
		}
	}

	private record Pending(String receiptHandle, String messageId, CompletableFuture<Void> done) {
	}

	/**
	 * One {@code DeleteMessageBatch} request's messages (at most 10) and its attempt.
	 */
	private record Chunk(String queueUrl, List<Pending> messages, int attempt, Instant firstAttempt) {

		Chunk next() {
			return new Chunk(this.queueUrl, this.messages, this.attempt + 1, this.firstAttempt);
		}

	}

}
