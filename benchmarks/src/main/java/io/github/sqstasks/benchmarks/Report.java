package io.github.sqstasks.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jspecify.annotations.Nullable;

/**
 * Turns the figures into the Markdown table, the target verdicts and the JSON file.
 *
 * @param machine the machine line
 * @param settings the run's parameters
 * @param subjects the consumers' figures, defaults first
 * @param enqueue the enqueue figures, or {@code null} when not run
 * @param extras further figures worth printing, by name
 * @param second the second round's figures, or {@code null} when not run
 */
public record Report(String machine, Settings settings, List<SubjectResult> subjects,
		EnqueueBenchmark.@Nullable Result enqueue, Map<String, String> extras, @Nullable SecondRound second) {

	/** Row names the targets refer to. */
	static final String RAW = "raw SDK, 8 threads", SCA = "Spring Cloud AWS @SqsListener, defaults",
			TASKS = "sqs-tasks defaults";

	/**
	 * Returns the results as Markdown.
	 * @return the Markdown text
	 */
	public String markdown() {
		StringBuilder out = new StringBuilder("# Benchmark results\n\n");
		out.append(this.machine).append("\n\n");
		if (!this.subjects.isEmpty()) {
			firstRound(out);
		}
		if (this.second != null) {
			out.append(this.second.markdown());
		}
		out.append("\n| target | measured | met |\n|---|---|---|\n");
		for (Verdict verdict : verdicts()) {
			out.append("| ").append(verdict.target()).append(" | ").append(verdict.measured()).append(" | ")
				.append(verdict.met() ? "yes" : "**no**").append(" |\n");
		}
		this.extras.forEach((name, value) -> out.append("\n- ").append(name).append(": ").append(value));
		return out.append("\n").toString();
	}

	private void firstRound(StringBuilder out) {
		out.append("| consumer | drain msg/s median (min–max) | consume req/task, backlog | ")
			.append("end-to-end req/task at steady load (send+recv+del+other) | enqueue→start p50 / p99 ms | ")
			.append("idle req/min | stop idle worker ms | stop after drain ms, median | heap used after run MiB (added by this consumer) |\n");
		out.append("|---|---|---|---|---|---|---|---|---|\n");
		for (SubjectResult s : this.subjects) {
			out.append(format("| %s | %,.0f (%,.0f–%,.0f) | %.3f | %.2f (%.2f+%.2f+%.2f+%.2f) | %.1f / %.1f | %s | %,.0f | %,.0f | %.0f (%+.0f) |\n",
					s.name(), s.drainMedian(), Stats.min(s.drainRates()), Stats.max(s.drainRates()),
					s.drainRequestsPerTask(), s.steadyRequestsPerTask(), s.steadySendsPerTask(),
					s.steadyReceivesPerTask(), s.steadyDeletesPerTask(), s.steadyOtherPerTask(), s.p50Millis(),
					s.p99Millis(), (s.idleRequestsPerMinute() != null) ? format("%.1f", s.idleRequestsPerMinute())
							: "–",
					s.stopIdleMillis(), s.stopAfterDrainMillis(), s.heapUsedMib(), s.heapDeltaMib()));
		}
		if (this.enqueue != null) {
			out.append(format("%n| enqueue (%,d jobs, sqs-tasks on ElasticMQ) | jobs/s median (min–max) | requests/job |%n",
					this.enqueue.jobs()));
			out.append("|---|---|---|\n");
			out.append(enqueueRow("`addJob` one by one", this.enqueue.oneByOne(), this.enqueue.oneByOneRequestsPerJob()));
			out.append(enqueueRow("`addJob` inside `batch()`", this.enqueue.batched(),
					this.enqueue.batchedRequestsPerJob()));
		}
	}

	/**
	 * Evaluates the targets on the default rows.
	 * @return one verdict per target whose rows were measured
	 */
	public List<Verdict> verdicts() {
		List<Verdict> verdicts = new ArrayList<>();
		SubjectResult tasks = find(TASKS);
		if (tasks != null) {
			firstRoundVerdicts(verdicts, tasks);
		}
		if (this.second != null) {
			verdicts.addAll(this.second.verdicts());
		}
		return verdicts;
	}

	private void firstRoundVerdicts(List<Verdict> verdicts, SubjectResult tasks) {
		SubjectResult sca = find(SCA);
		SubjectResult raw = find(RAW);
		if (sca != null) {
			double ratio = tasks.drainMedian() / sca.drainMedian();
			verdicts.add(new Verdict("drain ≥ 2x plain @SqsListener, defaults", format("%.2fx%s", ratio,
					roundRatios(tasks, sca)), ratio >= 2));
		}
		if (raw != null) {
			double ratio = tasks.drainMedian() / raw.drainMedian();
			verdicts.add(new Verdict("drain ≥ 0.6x raw SDK loop", format("%.2fx%s", ratio, roundRatios(tasks, raw)),
					ratio >= 0.6));
		}
		double requests = tasks.steadyRequestsPerTask();
		verdicts.add(new Verdict("≤ 0.35 SQS requests/task end to end, steady load", format("%.2f", requests),
				requests <= 0.35));
		if (tasks.idleRequestsPerMinute() != null) {
			verdicts.add(new Verdict("idle queue ≤ 3 requests/min", format("%.1f", tasks.idleRequestsPerMinute()),
					tasks.idleRequestsPerMinute() <= 3));
		}
		double stop = Math.max(tasks.stopIdleMillis(), tasks.stopAfterDrainMillis());
		verdicts.add(new Verdict("stop an idle worker < 1 s", format("%,.0f ms idle, %,.0f ms after a drain",
				tasks.stopIdleMillis(), tasks.stopAfterDrainMillis()), stop < 1000));
		if (this.enqueue != null) {
			verdicts.add(new Verdict("batched enqueue ≥ 5x one by one", format("%.2fx", this.enqueue.ratio()),
					this.enqueue.ratio() >= 5));
		}
	}

	/**
	 * Writes {@code latest.md} and {@code latest.json} into the directory.
	 * @param directory where to write
	 * @throws IOException when writing fails
	 */
	public void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("latest.md"), markdown());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("machine", this.machine);
		json.put("settings", this.settings);
		json.put("subjects", this.subjects);
		json.put("enqueue", this.enqueue);
		json.put("secondRound", this.second);
		json.put("targets", verdicts());
		json.put("extras", this.extras);
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(directory.resolve("latest.json").toFile(), json);
	}

	/**
	 * The ratio of two consumers' drain rates round by round (the rounds go round-robin, so round n of each ran at
	 * nearly the same time), as " (per round a–b)".
	 */
	private static String roundRatios(SubjectResult subject, SubjectResult reference) {
		int rounds = Math.min(subject.drainRates().size(), reference.drainRates().size());
		if (rounds < 2) {
			return "";
		}
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			ratios.add(subject.drainRates().get(i) / reference.drainRates().get(i));
		}
		return format(" (per round %.2f–%.2f)", Stats.min(ratios), Stats.max(ratios));
	}

	private String enqueueRow(String name, List<Double> rates, double requests) {
		return format("| %s | %,.0f (%,.0f–%,.0f) | %.2f |%n", name, Stats.median(rates), Stats.min(rates),
				Stats.max(rates), requests);
	}

	private @Nullable SubjectResult find(String name) {
		return this.subjects.stream().filter((s) -> s.name().equals(name)).findFirst().orElse(null);
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

	/**
	 * One target of the issue and whether the measurement meets it.
	 *
	 * @param target the target
	 * @param measured the measured ratio or value
	 * @param met whether it is met
	 */
	public record Verdict(String target, String measured, boolean met) {
	}

}
