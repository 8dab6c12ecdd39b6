package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the same measurements on one consumer: idle requests and stop time, drain rounds on a pre-sent backlog, a
 * light steady load for latency and requests per task, and the heap afterwards.
 */
public final class Scenario {

	private static final Logger logger = LoggerFactory.getLogger(Scenario.class);

	private static final Duration SETTLE = Duration.ofSeconds(2);

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
	 * Measures one consumer; leaves it stopped but not closed.
	 * @param subject the consumer
	 * @return its figures
	 * @throws InterruptedException when interrupted
	 */
	public SubjectResult run(Subject subject) throws InterruptedException {
		logger.warn("== {}", subject.name());
		this.probe.reset();
		subject.consumer().start();
		String queueUrl = subject.queueUrl().get();
		Double idlePerMinute = null;
		Thread.sleep(SETTLE.toMillis());
		if (subject.measureIdle()) {
			RequestCounter.Counts before = subject.counter().snapshot();
			Thread.sleep(this.settings.idleSeconds() * 1000L);
			RequestCounter.Counts idle = subject.counter().snapshot().minus(before);
			idlePerMinute = idle.total() * 60.0 / this.settings.idleSeconds();
			logger.warn("{}: idle {} -> {}/min", subject.name(), idle.byOperation(), idlePerMinute);
		}
		double stopMillis = timeMillis(subject.consumer()::stop);
		logger.warn("{}: stopped idle consumer in {} ms", subject.name(), stopMillis);
		List<Double> rates = new ArrayList<>();
		List<Double> requests = new ArrayList<>();
		for (int round = 0; round <= this.settings.rounds(); round++) {
			double[] figures = drain(subject, queueUrl);
			logger.warn("{}: round {} {} msg/s, {} requests/task", subject.name(), round, figures[0], figures[1]);
			if (round > 0) {
				rates.add(figures[0]);
				requests.add(figures[1]);
			}
		}
		SubjectResult steady = steady(subject, queueUrl, rates, Stats.median(requests), idlePerMinute, stopMillis);
		logger.warn("{}: {}", subject.name(), steady);
		return steady;
	}

	private double[] drain(Subject subject, String queueUrl) throws InterruptedException {
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
		subject.consumer().stop();
		RequestCounter.Counts used = subject.counter().snapshot().minus(before);
		double rate = this.probe.handled() / (elapsed / 1e9);
		return new double[] { rate, (used.receives() + used.deletes() + used.other()) / (double) count };
	}

	private SubjectResult steady(Subject subject, String queueUrl, List<Double> rates, double drainRequests,
			@Nullable Double idlePerMinute, double stopMillis) throws InterruptedException {
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
		return new SubjectResult(subject.name(), rates, drainRequests, used.sends() / tasks, used.receives() / tasks,
				used.deletes() / tasks, used.other() / tasks, total, this.probe.handled(),
				Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), idlePerMinute, stopMillis,
				Stats.usedHeapMib());
	}

	private void produce(Subject subject, int total) throws InterruptedException {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger next = new AtomicInteger();
		long period = 1_000_000_000L / this.settings.rate();
		scheduler.scheduleAtFixedRate(() -> {
			int n = next.getAndIncrement();
			if (n >= total) {
				return;
			}
			this.probe.sending(n);
			try {
				subject.sender().accept(n);
			}
			catch (RuntimeException ex) {
				logger.warn("{}: send of task {} failed: {}", subject.name(), n, ex.toString());
			}
		}, 0, period, TimeUnit.NANOSECONDS);
		while (next.get() < total) {
			Thread.sleep(10);
		}
		scheduler.shutdown();
		scheduler.awaitTermination(10, TimeUnit.SECONDS);
	}

	static double timeMillis(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return (System.nanoTime() - start) / 1e6;
	}

}
