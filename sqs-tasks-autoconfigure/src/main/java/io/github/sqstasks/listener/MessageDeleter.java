package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes finished messages in {@code DeleteMessageBatch} requests: when a queue has {@code threshold} waiting (at
 * most 10), or every {@code interval}; with both 0, each at once.
 *
 * <p>Ours because Spring Cloud AWS's batching acknowledgement processor stops scheduling its interval flush once its
 * container stops: a final partial batch is never sent and is dropped at the end of its shutdown timeout, so those
 * messages come back although their handlers succeeded. {@link #close(Duration)} sends everything that is waiting.
 */
final class MessageDeleter {

	private static final Logger logger = LoggerFactory.getLogger(MessageDeleter.class);

	private final SqsAsyncClient sqs;

	private final int threshold;

	private final Map<String, List<Pending>> waiting = new HashMap<>();

	private final Set<CompletableFuture<?>> sending = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService timer;

	private final boolean immediate;

	MessageDeleter(SqsAsyncClient sqs, Duration interval, int threshold) {
		this.sqs = sqs;
		this.threshold = Math.max(1, Math.min(10, threshold));
		// Without an interval nothing would ever flush a partial batch, so every delete goes out at once.
		this.immediate = interval.isZero();
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "sqs-tasks-deletes");
			thread.setDaemon(true);
			return thread;
		});
		if (!this.immediate) {
			this.timer.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	CompletableFuture<Void> delete(String queueUrl, String receiptHandle, String messageId) {
		Pending pending = new Pending(receiptHandle, messageId, new CompletableFuture<>());
		List<Pending> batch = null;
		synchronized (this.waiting) {
			List<Pending> queue = this.waiting.computeIfAbsent(queueUrl, (url) -> new ArrayList<>());
			queue.add(pending);
			if (this.immediate || queue.size() >= this.threshold) {
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
		flush();
		this.timer.shutdownNow();
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
			List<Pending> chunk = batch.subList(from, Math.min(batch.size(), from + 10));
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(i))
					.receiptHandle(chunk.get(i).receiptHandle())
					.build());
			}
			CompletableFuture<DeleteMessageBatchResponse> request = this.sqs
				.deleteMessageBatch((r) -> r.queueUrl(queueUrl).entries(entries));
			this.sending.add(request);
			request.whenComplete((response, error) -> {
				this.sending.remove(request);
				complete(chunk, response, error);
			});
		}
	}

	private static void complete(List<Pending> chunk, DeleteMessageBatchResponse response, Throwable error) {
		if (error != null) {
			chunk.forEach((pending) -> pending.done().completeExceptionally(error));
			return;
		}
		Map<String, BatchResultErrorEntry> failed = new HashMap<>();
		response.failed().forEach((entry) -> failed.put(entry.id(), entry));
		for (int i = 0; i < chunk.size(); i++) {
			BatchResultErrorEntry failure = failed.get(Integer.toString(i));
			if (failure == null) {
				chunk.get(i).done().complete(null);
			}
			else {
				chunk.get(i).done().completeExceptionally(new IllegalStateException("Delete of message "
						+ chunk.get(i).messageId() + " failed: " + failure.code() + " " + failure.message()));
			}
		}
	}

	private record Pending(String receiptHandle, String messageId, CompletableFuture<Void> done) {
	}

}
