package io.github.sqstasks.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.FailedSendListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.SmartLifecycle;

/**
 * Sends the outbox table's jobs to SQS and deletes them once SQS accepted them: right after each commit that wrote
 * some, and every relay interval for rows left by a crash or an SQS outage. One thread per instance.
 *
 * <p>Rows are claimed with a lease (an update of {@code locked_by} and {@code locked_until} on rows whose lease ran
 * out), so that two instances never send a row at the same time. A row is sent twice only when its relay did not
 * delete it within the lease: it crashed, or the database failed, between SQS accepting the job and the delete.
 */
public final class OutboxRelay implements SmartLifecycle {

	/** The phase named in metrics. */
	static final String PHASE = "outbox-relay";

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxTable table;

	private final OutboxSender sender;

	private final Clock clock;

	private final Duration interval;

	private final int batchSize;

	private final Duration lease;

	private final FailedSendListener failures;

	private final String instance = "relay-" + UUID.randomUUID().toString().substring(0, 8);

	private final AtomicLong claims = new AtomicLong();

	private final Object passLock = new Object();

	private @Nullable CompletableFuture<Void> queuedPass;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates the relay, stopped.
	 * @param table the outbox table
	 * @param sqs the client
	 * @param queues resolves queue names to URLs, with the prefix
	 * @param clock the time source of leases and of delays that are partly spent
	 * @param interval how often to look for rows left behind
	 * @param batchSize the most rows to claim at once
	 * @param lease how long a claim lasts
	 * @param failures told about each job SQS did not accept
	 */
	public OutboxRelay(OutboxTable table, SqsAsyncClient sqs, QueueResolver queues, Clock clock, Duration interval,
			int batchSize, Duration lease, FailedSendListener failures) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("sqs-tasks.outbox.batch-size is " + batchSize + ": use at least 1.");
		}
		if (interval.isNegative() || interval.isZero() || lease.isNegative() || lease.isZero()) {
			throw new IllegalArgumentException("sqs-tasks.outbox.relay-interval (" + interval + ") and lease-duration ("
					+ lease + ") must be positive.");
		}
		this.table = table;
		this.sender = new OutboxSender(sqs, queues);
		this.clock = clock;
		this.interval = interval;
		this.batchSize = batchSize;
		this.lease = lease;
		this.failures = failures;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "sqs-tasks-outbox-relay");
			thread.setDaemon(true);
			return thread;
		});
		started.scheduleWithFixedDelay(this::relayQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running;
		synchronized (this) {
			running = this.executor;
			this.executor = null;
		}
		if (running == null) {
			return;
		}
		running.shutdown();
		try {
			// A pass in progress finishes, so that what SQS accepted is deleted rather than sent again later.
			if (!running.awaitTermination(this.lease.toMillis(), TimeUnit.MILLISECONDS)) {
				running.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			running.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Asks for a pass on the relay's thread now, for rows a transaction just committed; does nothing when stopped.
	 * Calls made while a pass waits to start share that pass.
	 * @return completes when the pass that takes the caller's rows has ended
	 */
	public CompletableFuture<Void> wakeUp() {
		ScheduledExecutorService running = this.executor;
		if (running == null) {
			return CompletableFuture.completedFuture(null);
		}
		synchronized (this.passLock) {
			CompletableFuture<Void> waiting = this.queuedPass;
			if (waiting != null) {
				return waiting;
			}
			CompletableFuture<Void> pass = new CompletableFuture<>();
			this.queuedPass = pass;
			try {
				running.execute(() -> {
					synchronized (this.passLock) {
						this.queuedPass = null;
					}
					try {
						relayQuietly();
					}
					finally {
						pass.complete(null);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.queuedPass = null;
				pass.complete(null);
			}
			return pass;
		}
	}

	/**
	 * Sends every row whose lease ran out, in passes of at most the batch size, until a pass finds fewer rows or
	 * fails to send one.
	 * @return how many jobs were sent
	 */
	public synchronized int relay() {
		int total = 0;
		while (true) {
			Pass pass = pass();
			total += pass.sent();
			if (pass.claimed() < this.batchSize || pass.failed() > 0) {
				return total;
			}
		}
	}

	private void relayQuietly() {
		try {
			relay();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox relay could not read or update table {}: {}. Retrying in {}.", this.table.name(),
					ex.getMessage(), this.interval, ex);
		}
	}

	private Pass pass() {
		Instant now = this.clock.instant();
		String owner = this.instance + "-" + this.claims.incrementAndGet();
		List<OutboxRow> rows = this.table.claim(owner, now, now.plus(this.lease), this.batchSize);
		Map<String, List<OutboxRow>> byQueue = new LinkedHashMap<>();
		rows.forEach((row) -> byQueue.computeIfAbsent(row.queue(), (queue) -> new ArrayList<>()).add(row));
		List<Long> sent = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (Map.Entry<String, List<OutboxRow>> queue : byQueue.entrySet()) {
			OutboxSender.Result result = this.sender.send(queue.getKey(), queue.getValue(), now);
			sent.addAll(result.sent());
			failed.addAll(result.notSent());
			if (!result.notSent().isEmpty()) {
				logger.warn("Outbox relay could not send {} job(s) to queue '{}', first {}: {}. They stay in table {} "
						+ "and are sent again within {}.", result.notSent().size(), queue.getKey(),
						result.firstFailed(), result.error(), this.table.name(), this.interval);
				result.notSent().forEach((id) -> this.failures.failed(queue.getKey(), PHASE));
			}
		}
		if (!sent.isEmpty()) {
			this.table.delete(sent);
		}
		if (!failed.isEmpty()) {
			this.table.release(failed, owner, now);
		}
		return new Pass(rows.size(), sent.size(), failed.size());
	}

	private record Pass(int claimed, int sent, int failed) {

	}

}
