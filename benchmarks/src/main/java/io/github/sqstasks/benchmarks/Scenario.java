package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the same measurements on each consumer: idle requests and stop time, a light steady load for latency and
 * requests per task, the heap afterwards, and drain rounds on a pre-sent backlog.
 */
public final class Scenario {

	private static final Logger logger = LoggerFactory.getLogger(Scenario.class);

	private static final Duration SETTLE = Duration.ofSeconds(2);

	private static final int SENDERS = 8;

	private final Settings settings;

	private final Probe probe;

	/**
	 * Creates the scenario.
	 * @param settings the run's parameters
	 * @param probe the probe every consumer reports to
	 */
	public Scenario(Settings settings, Probe probe) {
		this.settings = settings;
		this.probe = probe;
	}

	/**
	 * Starts all consumers on their empty queues (measuring the heap each adds), counts their requests over the idle
	 * window, then stops them all at once, timing each stop; idle consumers hardly load the machine, so sharing the
	 * window is fair.
	 * @param subjects the consumers
	 * @return per consumer: requests per minute ({@code NaN} when its idle window is not wanted), stop millis, and
	 * the heap its start added (MiB, after GC)
	 * @throws InterruptedException when interrupted
	 */
	public List<double[]> idle(List<Subject> subjects) throws InterruptedException {
		List<Double> footprints = new ArrayList<>();
		for (Subject subject : subjects) {
			double heapBefore = Stats.usedHeapMib();
			subject.consumer().start();
			subject.queueUrl().get();
			footprints.add(Stats.usedHeapMib() - heapBefore);
		}
		Thread.sleep(SETTLE.toMillis());
		List<RequestCounter.Counts> before = subjects.stream().map((subject) -> subject.counter().snapshot()).toList();
		Thread.sleep(this.settings.idleSeconds() * 1000L);
		List<RequestCounter.Counts> idle = subjects.stream().map((subject) -> subject.counter().snapshot()).toList();
		// stopped all at once, each timed on its own thread, so that no stop waits for the ones before it
		List<CompletableFuture<Double>> stops = subjects.stream()
			.map((subject) -> CompletableFuture.supplyAsync(() -> timeMillis(subject.consumer()::stop),
					(task) -> new Thread(task, "stop-" + subject.name()).start()))
			.toList();
		List<double[]> figures = new ArrayList<>();
		for (int i = 0; i < subjects.size(); i++) {
			Subject subject = subjects.get(i);
			RequestCounter.Counts used = idle.get(i).minus(before.get(i));
			double perMinute = used.total() * 60.0 / this.settings.idleSeconds();
			double stopMillis = stops.get(i).join();
			logger.warn("{}: idle {} -> {}/min; stopped in {} ms", subject.name(), used.byOperation(), perMinute,
					stopMillis);
			figures.add(new double[] { subject.measureIdle() ? perMinute : Double.NaN, stopMillis, footprints.get(i) });
		}
		return figures;
	}

	/**
	 * Measures one stopped consumer at the steady load.
	 * @param subject the consumer
	 * @param idle its idle figures
	 * @return its figures, drain rounds still empty
	 * @throws InterruptedException when interrupted
	 */
	public SubjectResult steady(Subject subject, double[] idle) throws InterruptedException {
		logger.warn("== {}", subject.name());
		String queueUrl = subject.queueUrl().get();
		@Nullable Double idlePerMinute = Double.isNaN(idle[0]) ? null : idle[0];
		double stopMillis = idle[1];
		int total = this.settings.rate() * this.settings.steadySeconds();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(10));
		this.probe.reset();
		subject.consumer().start();
		Thread.sleep(SETTLE.toMillis());
		RequestCounter.Counts before = subject.counter().snapshot();
		produce(subject, total);
		this.probe.await(total, 30_000);
		// lets batched deletes of the last tasks reach the broker before counting
		Thread.sleep(SETTLE.toMillis());
		RequestCounter.Counts used = subject.counter().snapshot().minus(before);
		subject.consumer().stop();
		logger.warn("{}: steady load requests {}", subject.name(), used.byOperation());
		double[] latencies = this.probe.latenciesMillis();
		double tasks = total;
		double heapAfter = Stats.usedHeapMib();
		return new SubjectResult(subject.name(), List.of(), Double.NaN, Double.NaN, used.sends() / tasks,
				used.receives() / tasks, used.deletes() / tasks, used.other() / tasks, total, this.probe.handled(),
				Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), idlePerMinute, stopMillis,
				heapAfter, idle[2]);
	}

	/**
	 * Runs one drain round: pre-sends the backlog, starts the consumer, waits for every message to start, stops it.
	 * @param subject the consumer, stopped
	 * @param queueUrl its queue
	 * @return messages per second, consumer requests per task, and how long the stop after the drain took (ms)
	 * @throws InterruptedException when interrupted
	 */
	public double[] drain(Subject subject, String queueUrl) throws InterruptedException {
		int count = this.settings.messages();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(10));
		Messages.presend(subject.client(), queueUrl, count);
		this.probe.reset();
		RequestCounter.Counts before = subject.counter().snapshot();
		long start = System.nanoTime();
		subject.consumer().start();
		boolean drained = this.probe.await(count, Math.max(120_000, count * 10L));
		long elapsed = System.nanoTime() - start;
		if (!drained) {
			logger.warn("{}: only {} of {} messages handled before the time-out", subject.name(),
					this.probe.handled(), count);
		}
		double stopMillis = timeMillis(subject.consumer()::stop);
		RequestCounter.Counts used = subject.counter().snapshot().minus(before);
		double rate = this.probe.handled() / (elapsed / 1e9);
		return new double[] { rate, (used.receives() + used.deletes() + used.other()) / (double) count, stopMillis };
	}

	private void produce(Subject subject, int total) throws InterruptedException {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		// sends go out from a pool, so that a slow send (one by one at hundreds a second) does not hold up the next
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		AtomicInteger next = new AtomicInteger();
		int perSend = this.settings.sendBatch();
		long period = 1_000_000_000L * perSend / this.settings.rate();
		scheduler.scheduleAtFixedRate(() -> {
			int first = next.getAndAdd(perSend);
			List<Integer> numbers = new ArrayList<>();
			for (int n = first; n < Math.min(total, first + perSend); n++) {
				numbers.add(n);
			}
			if (numbers.isEmpty()) {
				return;
			}
			senders.execute(() -> {
				numbers.forEach(this.probe::sending);
				try {
					subject.sender().accept(numbers);
				}
				catch (RuntimeException ex) {
					logger.warn("{}: send of tasks {} failed: {}", subject.name(), numbers, ex.toString());
				}
			});
		}, 0, period, TimeUnit.NANOSECONDS);
		while (next.get() < total) {
			Thread.sleep(10);
		}
		scheduler.shutdown();
		scheduler.awaitTermination(10, TimeUnit.SECONDS);
		senders.shutdown();
		senders.awaitTermination(30, TimeUnit.SECONDS);
	}

	static double timeMillis(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return (System.nanoTime() - start) / 1e6;
	}

}
