package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every consumer under test calls when a message starts: counts handled messages and, for messages whose send
 * time was marked, records the enqueue-to-start latency.
 */
public final class Probe {

	private final AtomicInteger handled = new AtomicInteger();

	private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();

	private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	/** Forgets all counts, send times and latencies. */
	public void reset() {
		this.handled.set(0);
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
	}

	/**
	 * Notes a started message from its body {@code {"n":123}}.
	 * @param body the message body
	 */
	public void startedBody(String body) {
		started(Integer.parseInt(body, 5, body.length() - 1, 10));
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
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (this.handled.get() < count) {
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
