package io.github.sqstasks.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * I/O-bound tasks: every handler waits 50 ms (a sleep standing for a database or HTTP call). sqs-tasks with
 * {@code concurrency: 1000} on platform threads in this JVM and on virtual threads in a Java 21+ JVM started beside it
 * (same broker, same run), against a plain {@code @SqsListener} at Spring Cloud AWS's defaults and tuned. Also the
 * memory each waiting task takes: handlers held at a gate until all of them wait, then heap (after GC), resident
 * memory and platform threads against the same application before it started.
 *
 * <p>Each row is the median of {@value #ROUNDS} rounds after {@value #WARMUPS} warm-up rounds (Spring Cloud AWS at its
 * defaults, at some 200 tasks/s, runs one round). Each row has its own bound, measured beside it: the raw SDK loop, in
 * this JVM beside the broker, drains no-op tasks in a round before each of the row's measured rounds (before and after
 * the second JVM's row). ElasticMQ keeps getting faster during a run (in one, the raw loop's five drains of the first
 * round went from 9,483 to 15,963 msg/s), so a rate from another part of the run would set a row against a colder or
 * warmer broker than its own.
 */
public final class IoBoundBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(IoBoundBenchmark.class);

	/** How long each handler waits. */
	static final long WORK_MILLIS = 50;

	/** The concurrency the issue asks for. */
	static final int CONCURRENCY = 1000;

	/** HTTP connections of the sqs-tasks and tuned clients: {@code sqs-tasks.listener.max-connections}' default. */
	static final int CONNECTIONS = 500;

	/** Warm-up rounds of each row, not counted. */
	static final int WARMUPS = 2;

	/** Measured rounds of each row: the row gives their median. */
	static final int ROUNDS = 3;

	private static final String RESULT = "IO-BOUND-RESULT ";

	private IoBoundBenchmark() {
	}

	/**
	 * Runs every row.
	 * @param subjects builds the consumers on the run's broker
	 * @param probe the run's probe
	 * @param endpoint the broker, for the second JVM
	 * @param tasks tasks per round
	 * @param otherJdk the home of a Java 21+ JDK for the virtual-thread row, or {@code null} to skip it
	 * @return the rows, in order (each with the broker's rate measured beside it), and every raw-loop round
	 * @throws Exception when a row cannot be measured
	 */
	public static Result run(Subjects subjects, Probe probe, URI endpoint, int tasks, @Nullable Path otherJdk)
			throws Exception {
		List<Row> rows = new ArrayList<>();
		List<Subject> used = new ArrayList<>();
		Broker raw = new Broker(subjects.raw("raw SDK loop, 8 threads, no-op", 8, "io-raw8"), probe, tasks);
		used.add(raw.raw);
		String jvm = jvm();
		// bench.ioRows picks rows for a quick comparison: vt, pt, sca (defaults), tuned
		List<String> picked = List.of(System.getProperty("bench.ioRows", "vt,pt,sca,tuned").split(","));
		if (picked.contains("vt") && Runtime.version().feature() >= 21) {
			rows.add(sqsTasks(subjects, probe, tasks, "io-vt-", true, jvm, raw, used));
		}
		else if (picked.contains("vt") && otherJdk != null) {
			List<Double> around = new ArrayList<>();
			around.add(raw.round());
			Row row = inOtherJvm(otherJdk, endpoint, tasks);
			around.add(raw.round());
			around.add(raw.round());
			rows.add(row.withBound(Stats.median(around)));
		}
		if (picked.contains("pt")) {
			rows.add(sqsTasks(subjects, probe, tasks, "io-pt-", false, jvm, raw, used));
		}
		if (picked.contains("sca")) {
			double bound = raw.round();
			Subject defaults = subjects.sqsListener("Spring Cloud AWS @SqsListener, defaults", "io-sca", Map.of());
			used.add(defaults);
			rows.add(drain(defaults, probe, tasks, "platform, pool of 10 (maxConcurrentMessages)", jvm)
				.withBound(bound));
		}
		if (picked.contains("tuned")) {
			Subject tuned = subjects.sqsListener(
					"Spring Cloud AWS @SqsListener, max-concurrent-messages=1000, 500 connections", "io-sca-tuned",
					Map.of("spring.cloud.aws.sqs.listener.max-concurrent-messages", "1000"), CONNECTIONS);
			used.add(tuned);
			rows.add(rounds(tuned, probe, tasks, "platform, pool of 1000", jvm, raw));
		}
		probe.setWorkMillis(0);
		// their pools of 1,000 threads would otherwise linger for a minute, into the next part's thread counts
		for (Subject subject : used) {
			subject.consumer().close();
		}
		return new Result(rows, raw.rates);
	}

	/**
	 * The row of the second JVM: this class's {@link #main} on the other JDK, on the same broker.
	 */
	private static Row inOtherJvm(Path jdk, URI endpoint, int tasks) throws IOException, InterruptedException {
		List<String> command = List.of(jdk.resolve("bin/java").toString(), "-Xms512m", "-Xmx1g", "-cp",
				System.getProperty("java.class.path"), IoBoundBenchmark.class.getName(), endpoint.toString(),
				Integer.toString(tasks));
		logger.warn("I/O-bound: virtual threads in {}", jdk);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String result = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith(RESULT)) {
					result = line.substring(RESULT.length());
				}
				else {
					System.out.println("[java " + jdk.getFileName() + "] " + line);
				}
			}
		}
		int status = process.waitFor();
		if (result == null) {
			throw new IllegalStateException("The virtual-thread JVM (" + jdk + ") exited with " + status
					+ " and no result");
		}
		return new ObjectMapper().readValue(result, Row.class);
	}

	/**
	 * The virtual-thread row in a Java 21+ JVM: {@code <endpoint> <tasks>}; prints the row as one JSON line.
	 * @param args the broker's endpoint and the tasks per row
	 * @throws Exception when the row cannot be measured
	 */
	public static void main(String[] args) throws Exception {
		int status = 1;
		try (Subjects subjects = new Subjects(URI.create(args[0]), new Probe())) {
			Row row = sqsTasks(subjects, subjects.probe(), Integer.parseInt(args[1]), "io-vt-", true, jvm(), null,
					new ArrayList<>());
			System.out.println(RESULT + new ObjectMapper().writeValueAsString(row));
			status = 0;
		}
		catch (Exception | Error ex) {
			logger.error("The virtual-thread row failed", ex);
		}
		finally {
			System.exit(status);
		}
	}

	private static Row sqsTasks(Subjects subjects, Probe probe, int tasks, String prefix, boolean virtual,
			String jvm, @Nullable Broker raw, List<Subject> used) throws InterruptedException {
		String name = "sqs-tasks concurrency=" + CONCURRENCY
				+ (virtual ? ", spring.threads.virtual.enabled=true" : ", platform threads");
		// the connections sqs-tasks gives the client Spring Cloud AWS builds
		Map<String, Object> properties = virtual
				? Map.of("sqs-tasks.defaults.concurrency", Integer.toString(CONCURRENCY), "spring.threads.virtual.enabled",
						"true")
				: Map.of("sqs-tasks.defaults.concurrency", Integer.toString(CONCURRENCY));
		Subject subject = subjects.sqsTasks(name, prefix, properties, false, CONNECTIONS);
		used.add(subject);
		Row row = rounds(subject, probe, tasks, virtual ? "virtual, one per message" : "platform, pool of 1000", jvm,
				raw);
		// A stop keeps the handler pool's threads for the next start, so this application's 1,000 are already there:
		// memory is measured on a second one, whose first start (no message yet) starts no handler thread.
		Subject fresh = subjects.sqsTasks(name, prefix + "mem-", properties, false, CONNECTIONS);
		used.add(fresh);
		fresh.consumer().start();
		fresh.consumer().stop();
		return row.withMemory(waitingMemory(fresh, probe, CONCURRENCY));
	}

	/**
	 * Warm-up rounds, then measured rounds, each after a round of the raw loop on the broker (when given: the second
	 * JVM's row gets its bound from the first JVM).
	 */
	private static Row rounds(Subject subject, Probe probe, int tasks, String threads, String jvm,
			@Nullable Broker raw) throws InterruptedException {
		for (int round = 0; round < WARMUPS; round++) {
			drain(subject, probe, tasks, "", jvm);
		}
		List<Row> measured = new ArrayList<>();
		List<Double> bound = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			if (raw != null) {
				bound.add(raw.round());
			}
			measured.add(drain(subject, probe, tasks, threads, jvm));
		}
		List<Double> rates = measured.stream().map(Row::tasksPerSecond).toList();
		double median = Stats.median(rates);
		Row middle = measured.stream().filter((row) -> row.tasksPerSecond() == median).findFirst()
			.orElse(measured.get(0));
		return middle.withRounds(Stats.min(rates), Stats.max(rates), ROUNDS)
			.withBound(bound.isEmpty() ? Double.NaN : Stats.median(bound));
	}

	private static Row drain(Subject subject, Probe probe, int tasks, String threads, String jvm)
			throws InterruptedException {
		return drain(subject, probe, tasks, threads, jvm, WORK_MILLIS);
	}

	private static Row drain(Subject subject, Probe probe, int tasks, String threads, String jvm, long workMillis)
			throws InterruptedException {
		String queueUrl = subject.queueUrl().get();
		subject.consumer().stop();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(30));
		Messages.presend(subject.client(), queueUrl, tasks);
		probe.reset();
		probe.setWorkMillis(workMillis);
		RequestCounter.Counts before = subject.counter().snapshot();
		long start = System.nanoTime();
		subject.consumer().start();
		boolean done = probe.awaitFinished(tasks, Math.max(120_000, tasks * 10L));
		double seconds = (System.nanoTime() - start) / 1e9;
		subject.consumer().stop();
		probe.setWorkMillis(0);
		RequestCounter.Counts used = subject.counter().snapshot().minus(before);
		if (!done) {
			logger.warn("{}: only {} of {} tasks finished", subject.name(), probe.finished(), tasks);
		}
		double rate = probe.finished() / seconds;
		Row row = new Row(subject.name(), jvm, threads, tasks, 1, seconds, rate, rate, rate,
				(used.receives() + used.deletes() + used.other()) / (double) tasks, Double.NaN, null);
		logger.warn("I/O-bound {}: {}", subject.name(), row);
		return row;
	}

	/**
	 * Holds {@code count} handlers at a gate until all wait, and measures what the application added since before it
	 * started: heap after GC, resident memory, platform threads.
	 */
	private static Memory waitingMemory(Subject subject, Probe probe, int count) throws InterruptedException {
		String queueUrl = subject.queueUrl().get();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(30));
		Messages.presend(subject.client(), queueUrl, count);
		probe.reset();
		CountDownLatch gate = new CountDownLatch(1);
		probe.setGate(gate);
		double heapBefore = Stats.usedHeapMib();
		long rssBefore = residentKib();
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		subject.consumer().start();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (probe.waiting() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		int waiting = probe.waiting();
		double heapWaiting = Stats.usedHeapMib();
		long rssWaiting = residentKib();
		int threadsWaiting = ManagementFactory.getThreadMXBean().getThreadCount();
		gate.countDown();
		probe.setGate(null);
		probe.awaitFinished(count, 60_000);
		subject.consumer().stop();
		return new Memory(waiting, (heapWaiting - heapBefore) * 1024 / waiting,
				(rssWaiting - rssBefore) / (double) waiting, threadsWaiting - threadsBefore);
	}

	/**
	 * Returns this process's resident memory, from {@code /proc/self/status}.
	 * @return resident KiB, or 0 where there is no {@code /proc}
	 */
	static long residentKib() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("No resident memory figure", ex);
		}
		return 0;
	}

	private static String jvm() {
		return "Java " + Runtime.version().feature() + " (" + System.getProperty("java.vm.vendor") + ")";
	}

	/**
	 * One row of the I/O-bound table.
	 *
	 * @param name the consumer
	 * @param jvm the JVM it ran in
	 * @param threads what runs its handlers
	 * @param tasks tasks drained per round
	 * @param rounds measured rounds
	 * @param seconds from start until the last handler finished, in the median round
	 * @param tasksPerSecond tasks finished per second, median of the rounds
	 * @param minTasksPerSecond the slowest round's
	 * @param maxTasksPerSecond the fastest round's
	 * @param requestsPerTask receive, delete and other requests per task, in the median round
	 * @param brokerRate the broker's own drain rate beside this row: the raw loop's median over its rounds between
	 * the row's measured rounds (NaN when not measured)
	 * @param memory what the waiting handlers took, or {@code null} when not measured
	 */
	public record Row(String name, String jvm, String threads, int tasks, int rounds, double seconds,
			double tasksPerSecond, double minTasksPerSecond, double maxTasksPerSecond, double requestsPerTask,
			double brokerRate, @Nullable Memory memory) {

		Row withMemory(Memory measured) {
			return new Row(this.name, this.jvm, this.threads, this.tasks, this.rounds, this.seconds,
					this.tasksPerSecond, this.minTasksPerSecond, this.maxTasksPerSecond, this.requestsPerTask,
					this.brokerRate, measured);
		}

		Row withRounds(double min, double max, int count) {
			return new Row(this.name, this.jvm, this.threads, this.tasks, count, this.seconds, this.tasksPerSecond,
					min, max, this.requestsPerTask, this.brokerRate, this.memory);
		}

		Row withBound(double rate) {
			return new Row(this.name, this.jvm, this.threads, this.tasks, this.rounds, this.seconds,
					this.tasksPerSecond, this.minTasksPerSecond, this.maxTasksPerSecond, this.requestsPerTask, rate,
					this.memory);
		}

		/**
		 * Returns the row's bound: the lesser of concurrency over handler time and the broker's rate beside it.
		 * @return tasks per second
		 */
		public double bound() {
			return Math.min(CONCURRENCY * 1000.0 / WORK_MILLIS, this.brokerRate);
		}

		String markdown() {
			String memoryText = (this.memory != null) ? String.format(Locale.ROOT,
					"%.1f KiB heap, %.1f KiB resident; +%d platform threads (%d waiting)", this.memory.heapKib(),
					this.memory.residentKib(), this.memory.platformThreads(), this.memory.waiting()) : "–";
			String rate = (this.rounds > 1) ? String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", this.tasksPerSecond,
					this.minTasksPerSecond, this.maxTasksPerSecond) : String.format(Locale.ROOT, "%,.0f (1 round)",
							this.tasksPerSecond);
			return String.format(Locale.ROOT, "| %s | %s | %s | %s | %,.0f | %.2f | %.3f | %s |%n", this.name,
					this.jvm, this.threads, rate, bound(), this.tasksPerSecond / bound(), this.requestsPerTask,
					memoryText);
		}

	}

	/**
	 * The I/O-bound part's figures.
	 *
	 * @param rows the rows, in order
	 * @param brokerRounds the raw loop's drain rates, every round of this part, in order
	 */
	public record Result(List<Row> rows, List<Double> brokerRounds) {
	}

	/**
	 * The raw SDK loop on its own queue, draining no-op tasks: one round before each measured round of a row.
	 */
	private static final class Broker {

		private final Subject raw;

		private final Probe probe;

		private final int tasks;

		private final List<Double> rates = new ArrayList<>();

		private boolean warm;

		Broker(Subject raw, Probe probe, int tasks) {
			this.raw = raw;
			this.probe = probe;
			this.tasks = tasks;
		}

		double round() throws InterruptedException {
			if (!this.warm) {
				drain(this.raw, this.probe, this.tasks, "", "", 0);
				this.warm = true;
			}
			double rate = drain(this.raw, this.probe, this.tasks, "", "", 0).tasksPerSecond();
			this.rates.add(rate);
			return rate;
		}

	}

	/**
	 * Memory per waiting task.
	 *
	 * @param waiting handlers waiting when measured
	 * @param heapKib heap added per waiting task, after GC
	 * @param residentKib resident memory added per waiting task (thread stacks included)
	 * @param platformThreads platform threads added while they all waited
	 */
	public record Memory(int waiting, double heapKib, double residentKib, int platformThreads) {
	}

}
