package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.awspring.cloud.sqs.listener.IdentifiableContainerComponent;
import io.awspring.cloud.sqs.listener.backpressure.BatchAwareBackPressureHandler;

/**
 * Decides when a queue's container sends its next receive, and for how many messages.
 *
 * <p>Ours because Spring Cloud AWS's default back-pressure (4.1) costs requests or speed in three ways, each measured
 * in {@code benchmarks}: any message received switches it to several receives in flight, so a light load is answered
 * by receives of one message each (the broker answers a waiting receive on the first message of a send batch); it
 * waits up to 10 s for a whole batch of permits, so with slow handlers the prefetched messages arrive late; and it
 * never lets messages accumulate. Here:
 * <ul>
 * <li>one receive is in flight at a time, except on a backlog: a second after two receives in a row came back full,
 * a third after three, and so on. The extra receives do not wait (no long poll), so that none is left waiting to be
 * woken by a single message when the backlog ends;</li>
 * <li>after a receive that came back with fewer messages than asked (no backlog), the next one waits
 * {@code receive-batch-window}, so that at a light load messages are received several at a time instead of one by
 * one (costing up to that much latency; a message arriving at an idle queue is still received at once);</li>
 * <li>while prefetched messages are still waiting, a receive waits up to {@code receive-batch-window} for room for a
 * whole batch, then asks for what fits; when the handlers would otherwise run out of work it asks at once.</li>
 * </ul>
 * Permits are the messages in flight ({@code concurrency + prefetch}), given back when each is processed, as in
 * Spring Cloud AWS.
 */
final class ReceivePacing implements BatchAwareBackPressureHandler, IdentifiableContainerComponent {

	private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Semaphore permits;

	private final int total;

	private final int batchSize;

	private final int concurrency;

	private final long windowNanos;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private int receivesInFlight;

	private int fullInARow;

	private long notBefore = System.nanoTime();

	private volatile boolean drained;

	private String id = "ReceivePacing";

	/**
	 * Creates the pacing of one queue.
	 * @param settings the queue's settings, its receive-batch-window included
	 */
	ReceivePacing(QueueSettings settings) {
		this.total = settings.maxInFlight();
		this.batchSize = settings.messagesPerPoll();
		this.concurrency = settings.concurrency();
		this.windowNanos = settings.receiveBatchWindow().toNanos();
		this.permits = new Semaphore(this.total);
	}

	@Override
	public int requestBatch() throws InterruptedException {
		return request(this.batchSize);
	}

	@Override
	public int request(int amount) throws InterruptedException {
		if (!awaitTurn()) {
			return 0;
		}
		int wanted = Math.min(amount, this.batchSize);
		int got = acquire(wanted);
		if (got > 0) {
			this.lock.lock();
			try {
				this.receivesInFlight++;
			}
			finally {
				this.lock.unlock();
			}
		}
		return got;
	}

	/**
	 * Waits, at most a second, until this receive may go: no other in flight unless there is a backlog, and the batch
	 * window since the last short receive has passed.
	 */
	private boolean awaitTurn() throws InterruptedException {
		long deadline = System.nanoTime() + MAX_WAIT_NANOS;
		this.lock.lock();
		try {
			while (!this.drained) {
				long now = System.nanoTime();
				long wait;
				// a second receive in flight after two full ones in a row, a third after three...: a backlog ramps up
				if (this.receivesInFlight >= Math.max(1, this.fullInARow - 1)) {
					wait = deadline - now;
				}
				else if (this.fullInARow == 0 && this.notBefore - now > 0) {
					wait = Math.min(this.notBefore, deadline) - now;
				}
				else {
					return true;
				}
				if (wait <= 0) {
					return false;
				}
				this.changed.awaitNanos(wait);
			}
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Says whether a receive about to be sent should return at once instead of long polling: another is in flight.
	 * @return {@code true} for a short poll
	 */
	boolean shortPoll() {
		this.lock.lock();
		try {
			return this.receivesInFlight > 1;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes permits for a whole batch, or for whatever is free when the handlers would otherwise run out of work or
	 * the batch window has passed (a whole batch may never fit while prefetched messages wait for a slow handler).
	 */
	private int acquire(int wanted) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + MAX_WAIT_NANOS;
		while (!this.drained && System.nanoTime() - deadline < 0) {
			if (this.permits.tryAcquire(wanted)) {
				return wanted;
			}
			int free = this.permits.availablePermits();
			boolean handlersRunningOut = (this.total - free) <= this.concurrency;
			boolean waitedLongEnough = System.nanoTime() - start >= this.windowNanos;
			if (free > 0 && (handlersRunningOut || waitedLongEnough) && this.permits.tryAcquire(free)) {
				return free;
			}
			this.lock.lock();
			try {
				this.changed.await(50, TimeUnit.MILLISECONDS);
			}
			finally {
				this.lock.unlock();
			}
		}
		return 0;
	}

	@Override
	public void release(int amount, ReleaseReason reason) {
		if (amount > 0) {
			this.permits.release(amount);
		}
		this.lock.lock();
		try {
			switch (reason) {
				case NONE_FETCHED -> {
					this.receivesInFlight = Math.max(0, this.receivesInFlight - 1);
					this.fullInARow = 0;
				}
				case PARTIAL_FETCH -> {
					this.receivesInFlight = Math.max(0, this.receivesInFlight - 1);
					// receives that got all they asked for suggest more are waiting
					if (amount == 0) {
						this.fullInARow++;
					}
					else {
						this.fullInARow = 0;
						this.notBefore = System.nanoTime() + this.windowNanos;
					}
				}
				default -> {
					// PROCESSED, LIMITED: a message's permit came back
				}
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean drain(Duration timeout) {
		this.drained = true;
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		try {
			return this.permits.tryAcquire(this.total, timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void setId(String id) {
		this.id = id;
	}

	@Override
	public String getId() {
		return this.id;
	}

}
