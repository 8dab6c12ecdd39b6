package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures {@code max-rate}: an sqs-tasks application with a rate limit drains a backlog; handler starts are counted
 * per second over a window, after the first seconds, on ElasticMQ.
 */
public final class RateLimitBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitBenchmark.class);

	private RateLimitBenchmark() {
	}

	/**
	 * Runs the measurement.
	 * @param subjects builds the application
	 * @param probe counts handler starts
	 * @param maxRate the limit, starts per second
	 * @param windowSeconds how long starts are counted
	 * @return the starts per second over the window and the most in any one second
	 * @throws InterruptedException when interrupted
	 */
	public static Result run(Subjects subjects, Probe probe, double maxRate, int windowSeconds)
			throws InterruptedException {
		Subject subject = subjects.sqsTasks("sqs-tasks max-rate=" + maxRate, "rate-",
				Map.of("sqs-tasks.defaults.max-rate", Double.toString(maxRate)), false);
		subject.consumer().start();
		probe.reset();
		int backlog = (int) Math.ceil(maxRate * (windowSeconds + 5)) + 100;
		subject.sender().accept(IntStream.range(0, backlog).boxed().toList());
		Thread.sleep(2_000);
		List<Integer> perSecond = new ArrayList<>();
		int start = probe.handled();
		int last = start;
		long begin = System.nanoTime();
		for (int second = 1; second <= windowSeconds; second++) {
			long until = begin + Duration.ofSeconds(second).toNanos();
			Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
			int now = probe.handled();
			perSecond.add(now - last);
			last = now;
		}
		double elapsed = (System.nanoTime() - begin) / 1e9;
		double rate = (last - start) / elapsed;
		subject.consumer().stop();
		Messages.clear(subject.client(), subject.queueUrl().get(), Duration.ofSeconds(20));
		Result result = new Result(maxRate, rate, perSecond.stream().mapToInt(Integer::intValue).max().orElse(0),
				perSecond.stream().mapToInt(Integer::intValue).min().orElse(0), windowSeconds, backlog);
		logger.warn("max-rate {}: {} starts/s over {} s, per second {}", maxRate, rate, windowSeconds, perSecond);
		return result;
	}

	/**
	 * The figures of one run.
	 *
	 * @param maxRate the configured limit
	 * @param startsPerSecond starts per second over the window
	 * @param mostInOneSecond the most starts in any one second of the window
	 * @param fewestInOneSecond the fewest
	 * @param windowSeconds the window
	 * @param backlog messages waiting when the window began (at most)
	 */
	public record Result(double maxRate, double startsPerSecond, int mostInOneSecond, int fewestInOneSecond,
			int windowSeconds, int backlog) {

		String describe() {
			return String.format("%.1f starts/s over %d s on a backlog of %,d (per second %d–%d)",
					this.startsPerSecond, this.windowSeconds, this.backlog, this.fewestInOneSecond,
					this.mostInOneSecond);
		}

	}

}
