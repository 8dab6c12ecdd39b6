package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * What every consumer under test calls when a message starts: counts handled messages and, for messages whose send
 * time was marked, records the enqueue-to-start latency.
 */
public final class Probe {

	private final AtomicInteger handled = new AtomicInteger();

	private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();

	private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	private volatile long workMillis;

	private volatile @Nullable CountDownLatch gate;

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger finished = new AtomicInteger();

	/** Forgets all counts, send times and latencies. */
	public void reset() {
		this.handled.set(0);
		this.finished.set(0);
		this.sentAt.clear();
		this.latencies.clear();
	}

	/**
	 * Notes that the message with this number is about to be sent.
	 * @param n the message number
	 */
	public void sending(int n) {
		this.sentAt.put(n, System.nanoTime());
	}

	/**
	 * Notes that a handler started on the message with this number.
	 * @param n the message number
	 */
	public void started(int n) {
		Long sent = this.sentAt.remove(n);
		if (sent != null) {
			this.latencies.add(System.nanoTime() - sent);
		}
		this.handled.incrementAndGet();
		work();
	}

	/**
	 * Makes every handler wait this long after its start, as a handler waiting on I/O would; 0 for no-op handlers.
	 * @param millis the wait in milliseconds
	 */
	public void setWorkMillis(long millis) {
		this.workMillis = millis;
	}

	/**
	 * Makes every handler wait, after its start, until the gate opens; {@code null} to stop waiting.
	 * @param gate the gate, or {@code null}
	 */
	public void setGate(@Nullable CountDownLatch gate) {
		this.gate = gate;
	}

	/**
	 * Returns how many handlers wait at the gate now.
	 * @return the count
	 */
	public int waiting() {
		return this.waiting.get();
	}

	private void work() {
		CountDownLatch current = this.gate;
		if (current != null) {
			this.waiting.incrementAndGet();
			try {
				current.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}
		long millis = this.workMillis;
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.finished.incrementAndGet();
	}

	/**
	 * Waits until this many handlers have finished (started and done their work).
	 * @param count the count to reach
	 * @param timeoutMillis how long to wait at most
	 * @return whether the count was reached
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitFinished(int count, long timeoutMillis) throws InterruptedException {
		return awaitCount(this.finished, count, timeoutMillis);
	}

	public int finished() {
		return this.finished.get();
	}

	/**
	 * Notes a started message from its body {@code {"n":123}} (or {@code {"n":123,...}}).
	 * @param body the message body
	 */
	public void startedBody(String body) {
		int end = 5;
		while (end < body.length() && Character.isDigit(body.charAt(end))) {
			end++;
		}
		started(Integer.parseInt(body, 5, end, 10));
	}

	public int handled() {
		return this.handled.get();
	}

	/**
	 * Waits until this many messages were handled.
	 * @param count the count to reach
	 * @param timeoutMillis how long to wait at most
	 * @return whether the count was reached
	 * @throws InterruptedException when interrupted
	 */
	public boolean await(int count, long timeoutMillis) throws InterruptedException {
		return awaitCount(this.handled, count, timeoutMillis);
	}

	private static boolean awaitCount(AtomicInteger counter, int count, long timeoutMillis)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (counter.get() < count) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(1);
		}
		return true;
	}

	/**
	 * Returns the recorded latencies in milliseconds, sorted.
	 * @return the sorted latencies
	 */
	public double[] latenciesMillis() {
		synchronized (this.latencies) {
			return this.latencies.stream().mapToDouble((nanos) -> nanos / 1e6).sorted().toArray();
		}
	}

}
