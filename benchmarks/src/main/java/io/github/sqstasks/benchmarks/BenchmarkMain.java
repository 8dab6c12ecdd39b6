package io.github.sqstasks.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.awspring.cloud.sqs.listener.BackPressureMode;
import io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.jspecify.annotations.Nullable;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Runs every consumer against one embedded ElasticMQ in this JVM and prints and writes the results table.
 */
public final class BenchmarkMain {

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkMain.class);

	private final Settings settings = Settings.fromSystemProperties();

	private final Probe probe = new Probe();

	private final Scenario scenario = new Scenario(this.settings, this.probe);

	private final List<SubjectResult> results = new ArrayList<>();

	private final Map<String, String> extras = new LinkedHashMap<>();

	private EnqueueBenchmark.@Nullable Result enqueue;

	private URI endpoint = URI.create("http://127.0.0.1:0");

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmark; see {@link Settings} for the system properties.
	 * @param args ignored
	 * @throws Exception when a measurement fails
	 */
	public static void main(String[] args) throws Exception {
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
		SQSRestServer broker = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
			.withAWSRegion("us-east-1").start();
		this.endpoint = URI.create("http://127.0.0.1:" + broker.waitUntilStarted().localAddress().getPort());
		this.extras.put("system load average at start", loadAverage());
		this.extras.put("heap used with only the broker started", format("%.0f MiB", Stats.usedHeapMib()));
		measureRaw();
		measureContainer(Report.SCA, "sca", UnaryOperator.identity(), true);
		measureSqsTasks(Report.TASKS, "elasticmq-", Map.of(), true, true);
		measureInMemory();
		if (this.settings.variants()) {
			measureVariants();
		}
		broker.stopAndWait();
		this.extras.put("system load average at end (1 min; other processes count too)", loadAverage());
		this.extras.put("total run time", format("%.0f s", (System.nanoTime() - started) / 1e9));
		Report report = new Report(machine(), this.settings, this.results, this.enqueue, this.extras);
		System.out.println(report.markdown());
		report.write(Path.of("results"));
	}

	private void measureVariants() throws InterruptedException {
		measureContainer("SCA maxConcurrentMessages=50, FIXED_HIGH_THROUGHPUT", "sca-fixed50",
				(options) -> options.maxConcurrentMessages(50).backPressureMode(BackPressureMode.FIXED_HIGH_THROUGHPUT),
				false);
		measureSqsTasks("sqs-tasks concurrency=50", "tuned50-", Map.of("sqs-tasks.defaults.concurrency", "50"), false,
				false);
		measureSqsTasks("sqs-tasks concurrency=50, poll-timeout=20s", "tuned20s-",
				Map.of("sqs-tasks.defaults.concurrency", "50", "sqs-tasks.defaults.poll-timeout", "20s"), true, false);
	}

	private void measureRaw() throws InterruptedException {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter);
		String url = createQueue(client, "raw");
		try (RawSdkConsumer consumer = new RawSdkConsumer(client, url, this.probe, 8)) {
			this.results.add(this.scenario.run(new Subject(Report.RAW, counter, () -> url, consumer,
					(n) -> Messages.sendOne(client, url, n), true, client)));
		}
		client.close();
	}

	private void measureContainer(String name, String queue, UnaryOperator<SqsContainerOptionsBuilder> options,
			boolean idle) throws InterruptedException {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter);
		String url = createQueue(client, queue);
		try (ContainerConsumer consumer = new ContainerConsumer(client, url, this.probe, options)) {
			this.results.add(this.scenario.run(new Subject(name, counter, () -> url, consumer,
					(n) -> Messages.sendOne(client, url, n), idle, client)));
		}
		client.close();
	}

	private void measureSqsTasks(String name, String prefix, Map<String, Object> properties, boolean idle,
			boolean enqueue) throws InterruptedException {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter);
		SqsTasksConsumer consumer = new SqsTasksConsumer(client, this.probe, prefix, properties);
		this.results.add(this.scenario.run(new Subject(name, counter,
				() -> queueUrl(client, prefix + SqsTasksApplication.QUEUE), consumer,
				(n) -> consumer.template().addJob(SqsTasksApplication.QUEUE, SqsTasksApplication.TASK, Map.of("n", n)),
				idle, client)));
		if (enqueue) {
			this.enqueue = EnqueueBenchmark.run(consumer.template(), client, counter,
					queueUrl(client, prefix + SqsTasksConsumer.ENQUEUE_QUEUE), this.settings);
		}
		this.extras.put("context close, " + name, format("%,.0f ms", consumer.closeContext()));
	}

	private void measureInMemory() throws InterruptedException {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = counter.wrap(new InMemorySqsAsyncClient());
		String prefix = "memory-";
		SqsTasksConsumer consumer = new SqsTasksConsumer(client, this.probe, prefix, Map.of());
		this.results.add(this.scenario.run(new Subject("sqs-tasks on in-memory SQS", counter,
				() -> queueUrl(client, prefix + SqsTasksApplication.QUEUE), consumer,
				(n) -> consumer.template().addJob(SqsTasksApplication.QUEUE, SqsTasksApplication.TASK, Map.of("n", n)),
				true, client)));
		this.extras.put("context close, in-memory", format("%,.0f ms", consumer.closeContext()));
	}

	private SqsAsyncClient elasticMqClient(RequestCounter counter) {
		return SqsAsyncClient.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
			.overrideConfiguration((config) -> config.addExecutionInterceptor(counter))
			.build();
	}

	private static String createQueue(SqsAsyncClient client, String name) {
		return client.createQueue((request) -> request.queueName(name)).join().queueUrl();
	}

	private static String queueUrl(SqsAsyncClient client, String name) {
		return client.getQueueUrl((request) -> request.queueName(name)).join().queueUrl();
	}

	private String machine() {
		Runtime runtime = Runtime.getRuntime();
		return format("Machine: %d cores, %s %s, %s %s %s, max heap %d MiB; ElasticMQ embedded; N=%,d, %d rounds "
				+ "after 1 warm-up, steady load %d tasks/s for %d s, idle window %d s; %s",
				runtime.availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("os.arch"), runtime.maxMemory() >> 20,
				this.settings.messages(), this.settings.rounds(), this.settings.rate(), this.settings.steadySeconds(),
				this.settings.idleSeconds(), Instant.now());
	}

	private static String loadAverage() {
		return format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
