package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The second round's figures: I/O-bound tasks, the library's own CPU per task, a hundred queues, the cost curve and
 * large messages; each part {@code null} or empty when it did not run.
 *
 * @param ioPart the I/O-bound rows, each with the broker's own drain rate measured beside it
 * @param cpu the CPU figures
 * @param queues the many-queues figures
 * @param curve the cost curve's points
 * @param large the large-message figures
 */
public record SecondRound(IoBoundBenchmark.@Nullable Result ioPart, CpuBenchmark.@Nullable Result cpu,
		HundredQueuesBenchmark.@Nullable Result queues, List<CostCurve.Point> curve,
		LargeMessagesBenchmark.@Nullable Result large) {

	private List<IoBoundBenchmark.Row> io() {
		return (this.ioPart != null) ? this.ioPart.rows() : List.of();
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		if (!io().isEmpty()) {
			List<Double> broker = this.ioPart.brokerRounds();
			out.append(format("%n## I/O-bound tasks: handlers wait %d ms, %,d tasks%n%nEach row: median of %d rounds "
					+ "(slowest–fastest) after %d warm-up rounds. Its bound: the lesser of concurrency / handler time "
					+ "(%,d/s) and the broker's own drain rate beside it: the raw 8-thread SDK loop, in the broker's "
					+ "JVM, drains no-op tasks in a round before each of the row's measured rounds (for the second "
					+ "JVM's row, one round before it and two after), median. The raw loop's %d rounds here: "
					+ "%,.0f–%,.0f msg/s.%n%n", IoBoundBenchmark.WORK_MILLIS, io().get(0).tasks(),
					IoBoundBenchmark.ROUNDS, IoBoundBenchmark.WARMUPS,
					IoBoundBenchmark.CONCURRENCY * 1000 / IoBoundBenchmark.WORK_MILLIS, broker.size(),
					Stats.min(broker), Stats.max(broker)));
			out.append("| consumer | JVM | handler threads | tasks/s median (slowest–fastest) | bound | of bound "
					+ "| consume req/task | memory per waiting task (1,000 waiting) |\n"
					+ "|---|---|---|---|---|---|---|---|\n");
			io().forEach((row) -> out.append(row.markdown()));
		}
		if (this.cpu != null) {
			out.append("\n## The library's own CPU per task\n\n").append(this.cpu.markdown());
		}
		if (this.queues != null) {
			out.append("\n## Many queues\n\n").append(this.queues.markdown());
		}
		if (!this.curve.isEmpty()) {
			out.append(format("%n## Cost curve (SQS standard price $%.2f per million requests)%n%n",
					CostCurve.DOLLARS_PER_MILLION_REQUESTS)).append(CostCurve.Point.header());
			this.curve.forEach((point) -> out.append(point.markdown()));
		}
		if (this.large != null) {
			out.append("\n## Large messages\n\n").append(this.large.markdown());
		}
		return out.toString();
	}

	List<Report.Verdict> verdicts() {
		List<Report.Verdict> verdicts = new ArrayList<>();
		for (IoBoundBenchmark.Row row : io()) {
			if (row.name().startsWith("sqs-tasks")) {
				double share = row.tasksPerSecond() / row.bound();
				verdicts.add(new Report.Verdict(format("I/O-bound, %s, %s: ≥ 0.8 of its bound, %,.0f tasks/s",
						row.jvm(), row.threads(), row.bound()), format("%,.0f tasks/s = %.2f", row.tasksPerSecond(),
								share), share >= 0.8));
			}
		}
		Optional<IoBoundBenchmark.Row> listener = io().stream()
			.filter((row) -> row.name().endsWith("@SqsListener, defaults"))
			.findFirst();
		io().stream().filter((row) -> row.name().startsWith("sqs-tasks")).forEach((row) -> listener
			.ifPresent((defaults) -> {
				double ratio = row.tasksPerSecond() / defaults.tasksPerSecond();
				verdicts.add(new Report.Verdict(format("I/O-bound, %s, %s: ≥ 10x plain @SqsListener, defaults",
						row.jvm(), row.threads()), format("%.1fx", ratio), ratio >= 10));
			}));
		if (this.cpu != null) {
			verdicts.add(new Report.Verdict("sqs-tasks' own CPU ≤ 10 µs per task (in-memory SQS)",
					format("%.2f µs", this.cpu.ownMicrosPerTask()), this.cpu.ownMicrosPerTask() <= 10));
			verdicts.add(new Report.Verdict("in-memory drain ≥ 150,000 tasks/s", format("%,.0f tasks/s",
					this.cpu.tasksPerSecond()), this.cpu.tasksPerSecond() >= 150_000));
		}
		if (this.queues != null) {
			verdicts.add(new Report.Verdict(format("%d queues idle: ≤ 3 requests/min per queue", this.queues.queues()),
					format("%.2f", this.queues.idleRequestsPerQueuePerMinute()),
					this.queues.idleRequestsPerQueuePerMinute() <= 3));
			verdicts.add(new Report.Verdict(format("%d queues: platform threads per added queue ≤ 0.1 (a constant "
					+ "for the application, none per queue)", this.queues.queues()),
					format("%.2f (%d for 1 queue, %d for %d)", this.queues.threadsPerQueue(), this.queues.oneThreads(),
							this.queues.manyThreads(), this.queues.queues()),
					this.queues.threadsPerQueue() <= 0.1));
			verdicts.add(new Report.Verdict(format("%d queues: stop < 1 s", this.queues.queues()),
					format("%,.0f ms", this.queues.stopMillis()), this.queues.stopMillis() < 1000));
			HundredQueuesBenchmark.Burst burst = this.queues.burst();
			double spread = burst.lastDrainedMillis() / burst.firstDrainedMillis();
			verdicts.add(new Report.Verdict(format("burst on 10 of %d queues: each drains without starving the others "
					+ "(last drained ≤ 1.5x the first's time; every task sent meanwhile to the idle queues started)",
					this.queues.queues()),
					format("last at %.2fx the first; %d tasks to idle queues started after %.0f ms median, %.0f ms at "
							+ "most", spread, burst.idleProbes(), burst.idleP50Millis(), burst.idleMaxMillis()),
					spread <= 1.5 && burst.idleProbes() > 0));
		}
		point("200ms", 50, 10).ifPresent((p) -> verdicts.add(new Report.Verdict("≤ 0.35 req/task at 50 tasks/s, "
				+ "batched sends", format("%.3f", p.requestsPerTask()), p.requestsPerTask() <= 0.35)));
		point("200ms", 500, 10).ifPresent((p) -> verdicts.add(new Report.Verdict("≤ 0.31 req/task at 500 tasks/s, "
				+ "batched sends", format("%.3f", p.requestsPerTask()), p.requestsPerTask() <= 0.31)));
		point("200ms", 50, 1).ifPresent((p) -> verdicts.add(new Report.Verdict("≤ 1.3 req/task at 50 tasks/s, "
				+ "sends one by one", format("%.3f", p.requestsPerTask()), p.requestsPerTask() <= 1.3)));
		if (this.large != null) {
			verdicts.add(new Report.Verdict("256 KiB messages: ≥ 0.8x the raw SDK loop's MiB/s",
					format("%.2fx", this.large.ratio()), this.large.ratio() >= 0.8));
		}
		return verdicts;
	}

	private Optional<CostCurve.Point> point(String window, int rate, int sendBatch) {
		return this.curve.stream()
			.filter((p) -> p.window().equals(window) && p.rate() == rate && p.sendBatch() == sendBatch)
			.findFirst();
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
