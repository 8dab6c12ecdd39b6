package io.github.sqstasks.listener;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many tasks of a batch-mode queue, or of any queue on virtual threads, run at once ({@code concurrency}):
 * a batch of n messages takes n slots (at most all of them), a single message one.
 *
 * <p>Single-message queues need no slots on platform threads: their pool has {@code concurrency} threads
 * ({@link TaskListenerContainers}). A batch-mode queue's pool runs whole batches, one per thread, so a thread does not
 * stand for one task there; and with virtual threads every message received has a thread of its own.
 */
final class HandlerSlots {

	/** Permits handed out to release every waiter at once when the slots close. */
	private static final int CLOSED = Integer.MAX_VALUE / 2;

	private final Semaphore permits;

	private final int size;

	private volatile boolean closed;

	HandlerSlots(int size) {
		this.size = size;
		// not fair: a thread that finds a free slot takes it without parking, and order between waiting batches does
		// not matter (a FIFO group hands its next message over only after the previous one finished)
		this.permits = new Semaphore(size);
	}

	/**
	 * Waits for free slots.
	 * @param wanted slots wanted, at most the number of slots
	 * @return the slots taken (to give to {@link #release(int)}), or 0 when the slots closed (the listener is stopping)
	 * or the thread was interrupted: the caller then gives its message(s) back unprocessed
	 */
	int acquire(int wanted) {
		int count = Math.min(wanted, this.size);
		if (this.closed) {
			return 0;
		}
		try {
			this.permits.acquire(count);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		if (this.closed) {
			this.permits.release(count);
			return 0;
		}
		return count;
	}

	void release(int count) {
		this.permits.release(count);
	}

	/**
	 * Ends every wait: batches not yet started are given back instead of being processed during the stop.
	 */
	void close() {
		this.closed = true;
		this.permits.release(CLOSED);
	}

}
