package io.github.sqstasks.listener;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many of a queue's handlers run at once ({@code concurrency}), separately from how many of its messages
 * are received ahead ({@code prefetch}).
 *
 * <p>Ours because Spring Cloud AWS has one number for both: {@code maxConcurrentMessages} is the back-pressure limit
 * and the size of its thread pool. With 10 of each, one receive of 10 is in flight at a time and the next waits until
 * all 10 have run, so a queue of quick tasks drains at one broker round trip per 10 messages (4,232 msg/s measured,
 * against 9,414 with 100 in flight). The container is given {@code concurrency + prefetch} messages in flight; the
 * threads of the prefetched ones wait here, their visibility already renewed by the heartbeat.
 */
final class HandlerSlots {

	/** Permits handed out to release every waiter at once when the slots close. */
	private static final int CLOSED = Integer.MAX_VALUE / 2;

	private final Semaphore permits;

	private final int size;

	private volatile boolean closed;

	HandlerSlots(int size) {
		this.size = size;
		// not fair: a thread that finds a free slot takes it without parking, and order between waiting messages does
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
	 * Ends every wait: messages not yet started are given back instead of being processed during the stop.
	 */
	void close() {
		this.closed = true;
		this.permits.release(CLOSED);
	}

}
