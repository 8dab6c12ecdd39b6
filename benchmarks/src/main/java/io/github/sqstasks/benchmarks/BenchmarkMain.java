package io.github.sqstasks.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.awspring.cloud.sqs.listener.BackPressureMode;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every consumer against one embedded ElasticMQ in this JVM and prints and writes the results table.
 *
 * <p>All consumers idle together (idle consumers hardly load the machine); steady-load figures are taken one consumer
 * after the other; the drain rounds then go round-robin over all consumers, so that a change in the machine's load during the run hits every row alike.
 */
public final class BenchmarkMain {

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkMain.class);

	private final Settings settings = Settings.fromSystemProperties();

	private final Probe probe = new Probe();

	private final Scenario scenario = new Scenario(this.settings, this.probe);

	private final Map<String, String> extras = new LinkedHashMap<>();

	private final Set<String> parts = Set.of(System.getProperty("bench.parts", "first,io,cpu,queues,curve,large")
		.split(","));

	private EnqueueBenchmark.@Nullable Result enqueue;

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmark; see {@link Settings} for the system properties.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		int status = 1;
		try {
			new BenchmarkMain().runAll();
			status = 0;
		}
		catch (Exception | Error ex) {
			logger.error("Benchmark failed", ex);
		}
		finally {
			// the containers' and the broker's non-daemon threads must not keep a failed run alive
			System.exit(status);
		}
	}

	private void runAll() throws Exception {
		long started = System.nanoTime();
		this.extras.put("system load average at start (1 min, all processes)", loadAverage());
		SQSRestServer broker = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
			.withAWSRegion("us-east-1").start();
		URI endpoint = URI.create("http://127.0.0.1:" + broker.waitUntilStarted().localAddress().getPort());
		this.extras.put("heap used with only the broker started", format("%.0f MiB", Stats.usedHeapMib()));
		List<SubjectResult> results = List.of();
		SecondRound second;
		try (Subjects subjects = new Subjects(endpoint, this.probe)) {
			// first: it measures the library alone on the in-memory SQS, before the other parts leave their idle
			// consumers, thread pools and the broker's garbage in this JVM (in the run of 2026-12-02, after them, the
			// in-memory drain reached 75,581 tasks/s; alone, on the same machine, 108,706)
			CpuBenchmark.Result cpu = null;
			if (this.parts.contains("cpu")) {
				cpu = CpuBenchmark.run(subjects, this.probe, this.settings.cpuTasks(), 5, Path.of("target/cpu.jfr"));
			}
			if (this.parts.contains("first")) {
				results = measure(subjects);
				// max-rate: starts per second over a 10 s window of a backlog, not a timed unit test
				RateLimitBenchmark.Result rate = RateLimitBenchmark.run(subjects, this.probe, 50, 10);
				this.extras.put("sqs-tasks `max-rate: 50` (one instance)", rate.describe());
			}
			second = secondRound(subjects, endpoint, cpu);
		}
		broker.stopAndWait();
		this.extras.put("system load average at end", loadAverage());
		this.extras.put("total run time", format("%.0f s", (System.nanoTime() - started) / 1e9));
		Report report = new Report(machine(), this.settings, results, this.enqueue, this.extras, second);
		System.out.println(report.markdown());
		report.write(Path.of("results"));
	}

	private SecondRound secondRound(Subjects subjects, URI endpoint, CpuBenchmark.@Nullable Result cpu)
			throws Exception {
		IoBoundBenchmark.Result io = null;
		if (this.parts.contains("io")) {
			Path otherJdk = Path.of(this.settings.otherJdk());
			io = IoBoundBenchmark.run(subjects, this.probe, endpoint, this.settings.ioTasks(),
					Files.isDirectory(otherJdk) ? otherJdk : null);
		}
		HundredQueuesBenchmark.Result queues = null;
		if (this.parts.contains("queues")) {
			queues = HundredQueuesBenchmark.run(subjects, this.probe, this.settings.queues(),
					this.settings.idleSeconds(), this.settings.burst());
		}
		List<CostCurve.Point> curve = List.of();
		if (this.parts.contains("curve")) {
			curve = CostCurve.run(subjects, this.probe, this.settings, this.settings.curveSeconds());
		}
		LargeMessagesBenchmark.Result large = null;
		if (this.parts.contains("large")) {
			large = LargeMessagesBenchmark.run(subjects, this.probe, this.settings.largeMessages(), 3);
		}
		return new SecondRound(io, cpu, queues, curve, large);
	}

	private List<SubjectResult> measure(Subjects subjects) throws Exception {
		List<Subject> all = new ArrayList<>();
		all.add(subjects.raw(Report.RAW, 8));
		all.add(subjects.sqsListener(Report.SCA, "sca", Map.of()));
		Subject tasks = subjects.sqsTasks(Report.TASKS, "elasticmq-", Map.of(), true);
		all.add(tasks);
		all.add(subjects.inMemory("sqs-tasks on in-memory SQS"));
		if (this.settings.variants()) {
			all.add(subjects.container("SCA container, no-op MessageListener (no @SqsListener), defaults", "sca-bare",
					UnaryOperator.identity(), false));
			all.add(subjects.container("SCA container, no-op MessageListener, maxConcurrentMessages=50, FIXED_HIGH_THROUGHPUT", "sca-fixed50",
					(options) -> options.maxConcurrentMessages(50)
						.backPressureMode(BackPressureMode.FIXED_HIGH_THROUGHPUT),
					false));
			all.add(subjects.sqsTasks("sqs-tasks prefetch=0 (Spring Cloud AWS's limit)", "prefetch0-",
					Map.of("sqs-tasks.defaults.prefetch", "0"), false));
			all.add(subjects.sqsTasks("sqs-tasks receive-batch-window=0", "window0-",
					Map.of("sqs-tasks.defaults.receive-batch-window", "0"), false));
			all.add(subjects.sqsTasks("sqs-tasks concurrency=50", "tuned50-",
					Map.of("sqs-tasks.defaults.concurrency", "50"), false));
			if (Runtime.version().feature() >= 21) {
				all.add(subjects.sqsTasks("sqs-tasks spring.threads.virtual.enabled=true", "virtual-",
						Map.of("spring.threads.virtual.enabled", "true"), false));
			}
		}
		List<double[]> idle = this.scenario.idle(all);
		List<SubjectResult> observed = new ArrayList<>();
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			Subject subject = all.get(i);
			observed.add(this.scenario.steady(subject, idle.get(i)));
			urls.add(subject.queueUrl().get());
			if (subject == tasks) {
				this.enqueue = EnqueueBenchmark.run(((SqsTasksConsumer) tasks.consumer()).template(), tasks.client(),
						tasks.counter(), Subjects.queueUrl(tasks.client(), "elasticmq-" + SqsTasksConsumer.ENQUEUE_QUEUE),
						this.settings);
			}
		}
		return drainRoundRobin(all, urls, observed);
	}

	private List<SubjectResult> drainRoundRobin(List<Subject> all, List<String> urls, List<SubjectResult> observed)
			throws InterruptedException {
		List<List<Double>> rates = new ArrayList<>();
		List<List<Double>> requests = new ArrayList<>();
		List<List<Double>> stops = new ArrayList<>();
		all.forEach((subject) -> {
			rates.add(new ArrayList<>());
			requests.add(new ArrayList<>());
			stops.add(new ArrayList<>());
		});
		int warmups = this.settings.warmups();
		for (int round = 1 - warmups; round <= this.settings.rounds(); round++) {
			for (int i = 0; i < all.size(); i++) {
				double[] figures = this.scenario.drain(all.get(i), urls.get(i));
				logger.warn("{}: drain round {}{}: {} msg/s, {} requests/task", all.get(i).name(), round,
						(round > 0) ? "" : " (warm-up)", Math.round(figures[0]), figures[1]);
				if (round > 0) {
					rates.get(i).add(figures[0]);
					requests.get(i).add(figures[1]);
					stops.get(i).add(figures[2]);
				}
			}
		}
		List<SubjectResult> results = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			results.add(observed.get(i).withDrain(rates.get(i), Stats.median(stops.get(i)), Stats.median(requests.get(i))));
			List<String> failures = all.get(i).consumer().stopFailures();
			if (!failures.isEmpty()) {
				this.extras.put("container stop() failures, " + all.get(i).name(), failures.size() + " of "
						+ (this.settings.warmups() + this.settings.rounds() + 2) + " stops, e.g. " + failures.get(0));
			}
			if (all.get(i).consumer() instanceof SqsTasksConsumer application) {
				this.extras.put("context close, " + all.get(i).name(), format("%,.0f ms", application.closeContext()));
			}
		}
		return results;
	}

	private String machine() {
		Runtime runtime = Runtime.getRuntime();
		return format("Machine: %d cores, %s %s, %s %s %s, max heap %d MiB; ElasticMQ embedded; N=%,d, %d rounds "
				+ "after %d warm-up rounds (round-robin over consumers), steady load %d tasks/s in sends of %d for %d s, "
				+ "idle window %d s; %s",
				runtime.availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("os.arch"), runtime.maxMemory() >> 20,
				this.settings.messages(), this.settings.rounds(), this.settings.warmups(), this.settings.rate(), this.settings.sendBatch(), this.settings.steadySeconds(),
				this.settings.idleSeconds(), Instant.now());
	}

	private static String loadAverage() {
		return format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
