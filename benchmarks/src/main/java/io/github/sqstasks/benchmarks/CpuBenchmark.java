package io.github.sqstasks.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's own CPU per task: sqs-tasks drains no-op tasks from the in-memory SQS (no broker, no HTTP, so what is
 * left is ours and the in-memory SQS's), and the in-memory SQS is drained alone by a bare receive-and-delete loop.
 * Process CPU time is read around each round, less what the idle process (broker and stopped consumers) uses in the
 * same time. One sqs-tasks round is recorded with Flight Recorder and its execution samples summarised by library.
 */
public final class CpuBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(CpuBenchmark.class);

	private static final com.sun.management.OperatingSystemMXBean os =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private static final int WARMUPS = 8;

	private CpuBenchmark() {
	}

	/**
	 * Runs the rounds.
	 * @param subjects builds the consumers
	 * @param probe the run's probe
	 * @param tasks tasks per round
	 * @param rounds measured rounds (after eight warm-up rounds)
	 * @param profile where to write the Flight Recorder file of one more sqs-tasks round
	 * @return the figures
	 * @throws Exception when a round fails
	 */
	public static Result run(Subjects subjects, Probe probe, int tasks, int rounds, Path profile) throws Exception {
		Subject tasksSubject = subjects.inMemory("sqs-tasks on in-memory SQS (CPU)", "cpu-");
		RequestCounter counter = new RequestCounter();
		InMemorySqsAsyncClient alone = new InMemorySqsAsyncClient();
		String aloneUrl = alone.createQueue((request) -> request.queueName("alone")).join().queueUrl();
		Subject aloneSubject = new Subject("in-memory SQS alone, 2 threads receiving and deleting", counter,
				() -> aloneUrl, new RawSdkConsumer(counter.wrap(alone), aloneUrl, probe, 2, true), (ns) -> {
				}, false, counter.wrap(alone));
		double idleCpuPerSecond = idleCpuPerSecond();
		List<Double> tasksCpu = new ArrayList<>();
		List<Double> aloneCpu = new ArrayList<>();
		List<Double> tasksRate = new ArrayList<>();
		List<Double> aloneRate = new ArrayList<>();
		for (int round = 1 - WARMUPS; round <= rounds; round++) {
			double[] figures = drain(tasksSubject, probe, tasks, idleCpuPerSecond, null);
			double[] aloneFigures = drain(aloneSubject, probe, tasks, idleCpuPerSecond, null);
			logger.warn("CPU round {}: sqs-tasks {} µs/task at {} tasks/s; in-memory alone {} µs/task at {}/s", round,
					figures[0], figures[1], aloneFigures[0], aloneFigures[1]);
			if (round > 0) {
				tasksCpu.add(figures[0]);
				tasksRate.add(figures[1]);
				aloneCpu.add(aloneFigures[0]);
				aloneRate.add(aloneFigures[1]);
			}
		}
		// one more round, recorded and not counted: Flight Recorder's own start costs the first recording dearly
		Recording recording = new Recording();
		recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
		drain(tasksSubject, probe, tasks, idleCpuPerSecond, recording);
		recording.stop();
		Files.createDirectories(profile.toAbsolutePath().getParent());
		recording.dump(profile);
		recording.close();
		Profile summary = Profile.read(profile);
		aloneSubject.consumer().close();
		return new Result(tasks, rounds, Stats.median(tasksCpu), Stats.median(aloneCpu), Stats.median(tasksRate),
				Stats.min(tasksRate), Stats.max(tasksRate), Stats.median(aloneRate), idleCpuPerSecond * 1e6,
				summary.samples(), summary.byLibrary(), summary.byTopFrame(), summary.ourMethods());
	}

	/** Returns µs of CPU per task and tasks per second of one drain, recorded from the consumer's start if given. */
	private static double[] drain(Subject subject, Probe probe, int tasks, double idleCpuPerSecond,
			@Nullable Recording recording) throws InterruptedException {
		String queueUrl = subject.queueUrl().get();
		Messages.clear(subject.client(), queueUrl, Duration.ofSeconds(10));
		Messages.presend(subject.client(), queueUrl, tasks);
		System.gc();
		probe.reset();
		if (recording != null) {
			recording.start();
		}
		long cpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		subject.consumer().start();
		probe.await(tasks, 120_000);
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9 - idleCpuPerSecond * seconds;
		subject.consumer().stop();
		return new double[] { cpuSeconds * 1e6 / tasks, tasks / seconds };
	}

	/** What the process uses when nothing is consumed: the idle broker, timers. */
	private static double idleCpuPerSecond() throws InterruptedException {
		long cpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		Thread.sleep(3_000);
		return (os.getProcessCpuTime() - cpu) / ((System.nanoTime() - start) / 1e9) / 1e9;
	}

	/**
	 * The figures.
	 *
	 * @param tasks tasks per round
	 * @param rounds measured rounds
	 * @param processMicrosPerTask process CPU per task while sqs-tasks drains the in-memory SQS, median
	 * @param aloneMicrosPerTask process CPU per message of the bare loop on the in-memory SQS, median
	 * @param tasksPerSecond sqs-tasks' drain rate, median
	 * @param minTasksPerSecond its slowest round
	 * @param maxTasksPerSecond its fastest round
	 * @param aloneTasksPerSecond the bare loop's rate, median
	 * @param idleMicrosPerSecond CPU the idle process used per second, taken off every round
	 * @param samples execution samples in the profile
	 * @param byLibrary samples by the first frame that is not the JDK's, grouped by library
	 * @param byTopFrame samples by the library of the top frame (JDK included)
	 * @param ourMethods samples of sqs-tasks methods, as first non-JDK frame, most first
	 */
	public record Result(int tasks, int rounds, double processMicrosPerTask, double aloneMicrosPerTask,
			double tasksPerSecond, double minTasksPerSecond, double maxTasksPerSecond, double aloneTasksPerSecond,
			double idleMicrosPerSecond, long samples, Map<String, Long> byLibrary, Map<String, Long> byTopFrame,
			Map<String, Long> ourMethods) {

		/**
		 * Returns sqs-tasks' own CPU per task: the process's, less the in-memory SQS's measured alone.
		 * @return µs per task
		 */
		public double ownMicrosPerTask() {
			return this.processMicrosPerTask - this.aloneMicrosPerTask;
		}

		String markdown() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "| drain from the in-memory SQS, %,d no-op tasks, %d rounds | "
					+ "tasks/s median (min–max) | process CPU µs/task |%n|---|---|---|%n", this.tasks, this.rounds));
			out.append(String.format(Locale.ROOT, "| sqs-tasks defaults | %,.0f (%,.0f–%,.0f) | %.2f |%n",
					this.tasksPerSecond, this.minTasksPerSecond, this.maxTasksPerSecond, this.processMicrosPerTask));
			out.append(String.format(Locale.ROOT, "| in-memory SQS alone (bare receive + delete loop) | %,.0f | %.2f |%n",
					this.aloneTasksPerSecond, this.aloneMicrosPerTask));
			out.append(String.format(Locale.ROOT, "| **sqs-tasks' own** (difference) | | **%.2f** |%n",
					ownMicrosPerTask()));
			out.append(String.format(Locale.ROOT,
					"%nProfile of one more sqs-tasks round (%,d execution samples every 2 ms per running thread): "
							+ "share by the first frame outside the JDK | by the top frame%n%n"
							+ "| library | first non-JDK frame | top frame |%n|---|---|---|%n", this.samples));
			TreeMap<String, Long> libraries = new TreeMap<>(this.byLibrary);
			this.byTopFrame.keySet().forEach((name) -> libraries.putIfAbsent(name, 0L));
			libraries.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.forEach((entry) -> out.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", entry.getKey(),
						share(entry.getValue()), share(this.byTopFrame.getOrDefault(entry.getKey(), 0L)))));
			out.append("\nsqs-tasks methods (first non-JDK frame), most samples first: ");
			List<String> top = new ArrayList<>();
			this.ourMethods.forEach((method, count) -> top.add(String.format(Locale.ROOT, "`%s` %.1f%%", method,
					share(count))));
			out.append(String.join(", ", top)).append("\n");
			return out.toString();
		}

		private double share(long count) {
			return (this.samples == 0) ? 0 : 100.0 * count / this.samples;
		}

	}

	/**
	 * A Flight Recorder file's execution samples, grouped.
	 */
	private record Profile(long samples, Map<String, Long> byLibrary, Map<String, Long> byTopFrame,
			Map<String, Long> ourMethods) {

		static Profile read(Path file) throws IOException {
			Map<String, Long> byLibrary = new TreeMap<>();
			Map<String, Long> byTopFrame = new TreeMap<>();
			Map<String, Long> methods = new TreeMap<>();
			long samples = 0;
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				samples++;
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				if (!frames.isEmpty()) {
					byTopFrame.merge(library(type(frames.get(0))), 1L, Long::sum);
				}
				RecordedFrame owner = frames.stream().filter((frame) -> !jdk(type(frame))).findFirst().orElse(null);
				String library = (owner != null) ? library(type(owner)) : "JDK only (thread pools, GC, JIT)";
				byLibrary.merge(library, 1L, Long::sum);
				if (owner != null && library.equals("sqs-tasks")) {
					String type = type(owner);
					methods.merge(type.substring(type.lastIndexOf('.') + 1) + "." + owner.getMethod().getName(), 1L,
							Long::sum);
				}
			}
			Map<String, Long> top = new LinkedHashMap<>();
			methods.entrySet()
				.stream()
				.sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed())
				.limit(10)
				.forEach((entry) -> top.put(entry.getKey(), entry.getValue()));
			return new Profile(samples, byLibrary, byTopFrame, top);
		}

		private static String type(RecordedFrame frame) {
			return frame.getMethod().getType().getName();
		}

		private static boolean jdk(String type) {
			return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
					|| type.startsWith("javax.") || type.startsWith("com.sun.");
		}

		private static String library(String type) {
			if (jdk(type)) {
				return "JDK";
			}
			if (type.startsWith("io.github.sqstasks.memory.")) {
				return "in-memory SQS";
			}
			if (type.startsWith("io.github.sqstasks.benchmarks.")) {
				return "benchmark (probe)";
			}
			if (type.startsWith("io.github.sqstasks.")) {
				return "sqs-tasks";
			}
			if (type.startsWith("io.awspring.")) {
				return "Spring Cloud AWS";
			}
			if (type.startsWith("software.amazon.")) {
				return "AWS SDK";
			}
			if (type.startsWith("com.fasterxml.jackson.")) {
				return "Jackson";
			}
			if (type.startsWith("org.springframework.")) {
				return "Spring Framework";
			}
			if (type.startsWith("io.micrometer.")) {
				return "Micrometer";
			}
			if (type.startsWith("ch.qos.logback.") || type.startsWith("org.slf4j.")) {
				return "logging";
			}
			if (type.startsWith("org.elasticmq.") || type.startsWith("org.apache.pekko.") || type.startsWith("scala.")) {
				return "ElasticMQ (idle broker)";
			}
			if (type.startsWith("io.netty.")) {
				return "Netty";
			}
			String[] parts = type.split("\\.");
			return (parts.length > 2) ? parts[0] + "." + parts[1] : type;
		}

	}

}
