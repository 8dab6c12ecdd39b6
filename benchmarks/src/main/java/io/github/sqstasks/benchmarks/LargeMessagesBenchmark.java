package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large messages: drain rounds of messages of 256 KiB (body and attributes, the size SQS counts), the raw SDK loop and
 * sqs-tasks (whose handler binds the padding string) alternating, in MiB of messages per second.
 */
public final class LargeMessagesBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(LargeMessagesBenchmark.class);

	/** The size of each message, body and attributes: 256 KiB. */
	static final int SIZE = 256 * 1024;

	private LargeMessagesBenchmark() {
	}

	/**
	 * Runs one warm-up and {@code rounds} measured rounds of each.
	 * @param subjects builds the consumers
	 * @param probe the run's probe
	 * @param count messages per round
	 * @param rounds measured rounds
	 * @return the figures
	 * @throws InterruptedException when interrupted
	 */
	public static Result run(Subjects subjects, Probe probe, int count, int rounds) throws InterruptedException {
		Subject raw = subjects.raw("raw SDK, 8 threads", 8, "large-raw");
		Subject tasks = subjects.sqsTasks("sqs-tasks defaults", "large-", Map.of(), false);
		List<Double> rawRates = new ArrayList<>();
		List<Double> tasksRates = new ArrayList<>();
		for (int round = 0; round <= rounds; round++) {
			double rawRate = drain(raw, probe, count);
			double tasksRate = drain(tasks, probe, count);
			logger.warn("256 KiB round {}: raw {} MiB/s, sqs-tasks {} MiB/s", round, rawRate, tasksRate);
			if (round > 0) {
				rawRates.add(rawRate);
				tasksRates.add(tasksRate);
			}
		}
		raw.consumer().close();
		tasks.consumer().close();
		return new Result(count, rounds, rawRates, tasksRates);
	}

	private static double drain(Subject subject, Probe probe, int count) throws InterruptedException {
		String queueUrl = subject.queueUrl().get();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(30));
		Messages.presendLarge(subject.client(), queueUrl, count, SIZE);
		probe.reset();
		long start = System.nanoTime();
		subject.consumer().start();
		if (!probe.await(count, 120_000)) {
			logger.warn("{}: only {} of {} large messages in time", subject.name(), probe.handled(), count);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		subject.consumer().stop();
		return probe.handled() * (double) SIZE / (1024 * 1024) / seconds;
	}

	/**
	 * The figures.
	 *
	 * @param count messages per round
	 * @param rounds measured rounds
	 * @param rawMibPerSecond the raw loop's rounds
	 * @param tasksMibPerSecond sqs-tasks' rounds
	 */
	public record Result(int count, int rounds, List<Double> rawMibPerSecond, List<Double> tasksMibPerSecond) {

		/**
		 * Returns sqs-tasks' median over the raw loop's.
		 * @return the ratio
		 */
		public double ratio() {
			return Stats.median(this.tasksMibPerSecond) / Stats.median(this.rawMibPerSecond);
		}

		String markdown() {
			return String.format(Locale.ROOT, "| 256 KiB messages, %d per round, %d rounds | MiB/s median (min–max) | "
					+ "messages/s |%n|---|---|---|%n", this.count, this.rounds)
					+ row("raw SDK, 8 threads", this.rawMibPerSecond) + row("sqs-tasks defaults", this.tasksMibPerSecond);
		}

		private static String row(String name, List<Double> rates) {
			return String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %,.0f |%n", name, Stats.median(rates),
					Stats.min(rates), Stats.max(rates), Stats.median(rates) * 4);
		}

	}

}
