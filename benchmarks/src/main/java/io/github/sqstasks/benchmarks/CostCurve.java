package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests per task and dollars per million tasks at steady loads of 5, 50 and 500 tasks/s, sends one by one and in
 * batches of 10, with {@code receive-batch-window} at its default and off; and the enqueue-to-start latency at each.
 */
public final class CostCurve {

	/** SQS's standard-queue price per million requests (us-east-1, after the free tier, first 100 billion a month). */
	static final double DOLLARS_PER_MILLION_REQUESTS = 0.40;

	private static final int[] RATES = { 5, 50, 500 };

	private static final int[] SEND_BATCHES = { 1, 10 };

	private CostCurve() {
	}

	/**
	 * Runs every point.
	 * @param subjects builds the applications
	 * @param probe the run's probe
	 * @param settings the run's settings; the rate, send batch and duration are replaced per point
	 * @param seconds how long each point's load runs
	 * @return the points, in order
	 * @throws InterruptedException when interrupted
	 */
	public static List<Point> run(Subjects subjects, Probe probe, Settings settings, int seconds)
			throws InterruptedException {
		List<Point> points = new ArrayList<>();
		for (String window : List.of("200ms", "0s")) {
			Subject subject = subjects.sqsTasks("sqs-tasks receive-batch-window=" + window, "curve-" + window + "-",
					Map.of("sqs-tasks.defaults.receive-batch-window", window), false);
			for (int rate : RATES) {
				for (int sendBatch : SEND_BATCHES) {
					Settings point = settings.withLoad(rate, sendBatch, seconds);
					SubjectResult result = new Scenario(point, probe).steady(subject, new double[] { Double.NaN, 0, 0 });
					points.add(new Point(window, rate, sendBatch, result.steadyTasks(), result.steadyHandled(),
							result.steadySendsPerTask(), result.steadyReceivesPerTask(), result.steadyDeletesPerTask(),
							result.steadyOtherPerTask(), result.p50Millis(), result.p99Millis()));
				}
			}
			subject.consumer().close();
		}
		return points;
	}

	/**
	 * One point of the curve.
	 *
	 * @param window the receive batch window
	 * @param rate tasks per second sent
	 * @param sendBatch tasks per send request
	 * @param tasks tasks sent
	 * @param handled tasks whose start was seen
	 * @param sends send requests per task
	 * @param receives receive requests per task
	 * @param deletes delete requests per task
	 * @param other other requests per task
	 * @param p50Millis median enqueue-to-start latency
	 * @param p99Millis 99th percentile enqueue-to-start latency
	 */
	public record Point(String window, int rate, int sendBatch, int tasks, int handled, double sends,
			double receives, double deletes, double other, double p50Millis, double p99Millis) {

		/**
		 * Returns all requests per task.
		 * @return requests per task
		 */
		public double requestsPerTask() {
			return this.sends + this.receives + this.deletes + this.other;
		}

		/**
		 * Returns what a million tasks cost at SQS's standard price per request.
		 * @return dollars
		 */
		public double dollarsPerMillionTasks() {
			return requestsPerTask() * DOLLARS_PER_MILLION_REQUESTS;
		}

		static String header() {
			return "| receive-batch-window | tasks/s | sends | req/task (send+recv+del+other) | $ per million tasks | "
					+ "enqueue→start p50 / p99 ms | tasks (started) |\n|---|---|---|---|---|---|---|\n";
		}

		String markdown() {
			return String.format(Locale.ROOT, "| %s | %d | %s | %.3f (%.2f+%.3f+%.3f+%.3f) | $%.3f | %.1f / %.1f | %,d (%,d) |%n",
					this.window, this.rate, (this.sendBatch == 1) ? "one by one" : "batches of " + this.sendBatch,
					requestsPerTask(), this.sends, this.receives, this.deletes, this.other, dollarsPerMillionTasks(),
					this.p50Millis, this.p99Millis, this.tasks, this.handled);
		}

	}

}
