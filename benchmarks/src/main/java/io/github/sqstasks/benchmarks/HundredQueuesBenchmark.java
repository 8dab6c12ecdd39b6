package io.github.sqstasks.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.sqstasks.listener.QueueListeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One application with a hundred queues against one with one: start-up time, heap and platform threads added per
 * queue, requests per idle queue, the stop; then a burst on ten of the queues, each drained while the others stay
 * served (a task sent to an idle queue during the burst is timed).
 */
public final class HundredQueuesBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(HundredQueuesBenchmark.class);

	private static final int BURST_QUEUES = 10;

	private HundredQueuesBenchmark() {
	}

	/**
	 * Runs the measurement.
	 * @param subjects builds the counted client
	 * @param probe the run's probe
	 * @param queues how many queues the large application has
	 * @param idleSeconds how long the idle requests are counted
	 * @param burst messages sent to each of the ten burst queues
	 * @return the figures
	 * @throws Exception when a step fails
	 */
	public static Result run(Subjects subjects, Probe probe, int queues, int idleSeconds, int burst)
			throws Exception {
		// the application's own client is the one Spring Cloud AWS builds (with sqs-tasks' connection limit), its
		// requests counted; the benchmark sends with another
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = subjects.elasticMqClient(new RequestCounter());
		int threadsBefore = settledThreads();
		double heapBefore = Stats.usedHeapMib();
		long start = System.nanoTime();
		ConfigurableApplicationContext one = start(subjects.endpoint(), counter, probe, 1, "one-");
		double oneStartMillis = (System.nanoTime() - start) / 1e6;
		Thread.sleep(2_000);
		double oneHeap = Stats.usedHeapMib() - heapBefore;
		int oneThreads = platformThreads() - threadsBefore;
		one.close();
		Thread.sleep(1_000);
		threadsBefore = platformThreads();
		heapBefore = Stats.usedHeapMib();
		start = System.nanoTime();
		ConfigurableApplicationContext many = start(subjects.endpoint(), counter, probe, queues, "many-");
		double manyStartMillis = (System.nanoTime() - start) / 1e6;
		try {
			Thread.sleep(2_000);
			double manyHeap = Stats.usedHeapMib() - heapBefore;
			int manyThreads = platformThreads() - threadsBefore;
			RequestCounter.Counts before = counter.snapshot();
			Thread.sleep(idleSeconds * 1000L);
			RequestCounter.Counts idle = counter.snapshot().minus(before);
			double perQueuePerMinute = idle.total() * 60.0 / idleSeconds / queues;
			logger.warn("{} queues idle: {} over {} s", queues, idle.byOperation(), idleSeconds);
			QueueListeners listeners = many.getBean(QueueListeners.class);
			double stopMillis = Scenario.timeMillis(listeners::stop);
			Burst drained = burst(client, probe, many, listeners, queues, burst);
			double closeMillis = Scenario.timeMillis(many::close);
			return new Result(queues, oneStartMillis, manyStartMillis, oneHeap, manyHeap, oneThreads, manyThreads,
					perQueuePerMinute, idle.byOperation(), stopMillis, closeMillis, drained);
		}
		finally {
			many.close();
		}
	}

	private static Burst burst(SqsAsyncClient client, Probe probe, ConfigurableApplicationContext context,
			QueueListeners listeners, int queues, int burst) throws InterruptedException {
		ManyQueuesApplication.Starts starts = context.getBean(ManyQueuesApplication.Starts.class);
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < queues; i++) {
			urls.add(Subjects.queueUrl(client, "many-" + ManyQueuesApplication.queue(i)));
		}
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		for (int i = 0; i < BURST_QUEUES; i++) {
			String url = urls.get(i);
			sends.add(CompletableFuture.runAsync(() -> {
				try {
					Messages.presend(client, url, burst);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
		starts.reset();
		probe.reset();
		long begin = System.nanoTime();
		listeners.start();
		double startMillis = (System.nanoTime() - begin) / 1e6;
		// while the burst drains, one task every 100 ms to one of the idle queues, timed from send to start
		int probes = 0;
		int total = BURST_QUEUES * burst;
		while (probe.handled() < total + probes && probes < 1_000) {
			int n = 1_000_000 + probes;
			probe.sending(n);
			Messages.send(client, urls.get(BURST_QUEUES + probes % (queues - BURST_QUEUES)), List.of(n));
			probes++;
			Thread.sleep(100);
		}
		probe.await(total + probes, 120_000);
		double[] finish = new double[BURST_QUEUES];
		for (int i = 0; i < BURST_QUEUES; i++) {
			finish[i] = (starts.last(i) - begin) / 1e6;
		}
		java.util.Arrays.sort(finish);
		double[] latencies = probe.latenciesMillis();
		return new Burst(BURST_QUEUES, burst, startMillis, finish[0], finish[BURST_QUEUES - 1], total / (finish[BURST_QUEUES - 1] / 1e3),
				probes, Stats.percentile(latencies, 50), latencies.length > 0 ? latencies[latencies.length - 1] : 0);
	}

	private static ConfigurableApplicationContext start(URI endpoint, RequestCounter counter, Probe probe, int queues,
			String prefix) {
		Map<String, Object> properties = BenchApplications.baseProperties();
		properties.put(ManyQueuesApplication.QUEUES_PROPERTY, queues);
		properties.put("spring.cloud.aws.sqs.endpoint", endpoint.toString());
		properties.put("sqs-tasks.embedded-broker.enabled", "false");
		properties.put("sqs-tasks.create-queues", "true");
		properties.put("sqs-tasks.queue-prefix", prefix);
		properties.put("logging.level.io.github.sqstasks", "WARN");
		return new SpringApplicationBuilder(ManyQueuesApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.initializers((ConfigurableApplicationContext created) -> {
				GenericApplicationContext generic = (GenericApplicationContext) created;
				generic.registerBean(Probe.class, () -> probe);
				generic.registerBean("countRequests", BeanPostProcessor.class, () -> new BeanPostProcessor() {
					@Override
					public Object postProcessAfterInitialization(Object bean, String name) {
						return (bean instanceof SqsAsyncClient sqs) ? counter.wrap(sqs) : bean;
					}
				});
			})
			.run();
	}

	private static int platformThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/** The platform threads once their count has not changed for a second (threads of earlier parts ending). */
	private static int settledThreads() throws InterruptedException {
		int count = platformThreads();
		for (int second = 0; second < 90; second++) {
			Thread.sleep(1_000);
			int now = platformThreads();
			if (now == count) {
				return now;
			}
			count = now;
		}
		return count;
	}

	/**
	 * The burst on ten queues.
	 *
	 * @param queues queues with a burst
	 * @param perQueue messages per burst queue
	 * @param startMillis how long starting the listener of all queues took
	 * @param firstDrainedMillis when the first burst queue was drained, from the start
	 * @param lastDrainedMillis when the last one was
	 * @param tasksPerSecond all burst tasks over the time to the last
	 * @param idleProbes tasks sent to idle queues meanwhile
	 * @param idleP50Millis their median send-to-start latency
	 * @param idleMaxMillis the longest
	 */
	public record Burst(int queues, int perQueue, double startMillis, double firstDrainedMillis, double lastDrainedMillis,
			double tasksPerSecond, int idleProbes, double idleP50Millis, double idleMaxMillis) {
	}

	/**
	 * The figures.
	 *
	 * @param queues queues of the large application
	 * @param oneStartMillis start-up time of the one-queue application
	 * @param manyStartMillis start-up time of the large application
	 * @param oneHeapMib heap the one-queue application added (after GC)
	 * @param manyHeapMib heap the large application added
	 * @param oneThreads platform threads the one-queue application added, idle
	 * @param manyThreads platform threads the large application added, idle
	 * @param idleRequestsPerQueuePerMinute requests per idle queue per minute
	 * @param idleRequests the idle requests by operation
	 * @param stopMillis how long stopping the listener of all queues took, idle
	 * @param closeMillis how long closing the context took after the burst
	 * @param burst the burst figures
	 */
	public record Result(int queues, double oneStartMillis, double manyStartMillis, double oneHeapMib,
			double manyHeapMib, int oneThreads, int manyThreads, double idleRequestsPerQueuePerMinute,
			Map<String, Long> idleRequests, double stopMillis, double closeMillis, Burst burst) {

		double startMillisPerQueue() {
			return (this.manyStartMillis - this.oneStartMillis) / (this.queues - 1);
		}

		double heapKibPerQueue() {
			return (this.manyHeapMib - this.oneHeapMib) * 1024 / (this.queues - 1);
		}

		double threadsPerQueue() {
			return (this.manyThreads - this.oneThreads) / (double) (this.queues - 1);
		}

		String markdown() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "| %d queues, one application | 1 queue | %d queues | per added queue |%n"
					+ "|---|---|---|---|%n", this.queues, this.queues));
			out.append(String.format(Locale.ROOT, "| start-up (context run, queues created) | %,.0f ms | %,.0f ms | %.1f ms |%n",
					this.oneStartMillis, this.manyStartMillis, startMillisPerQueue()));
			out.append(String.format(Locale.ROOT, "| heap added (after GC) | %.1f MiB | %.1f MiB | %.0f KiB |%n",
					this.oneHeapMib, this.manyHeapMib, heapKibPerQueue()));
			out.append(String.format(Locale.ROOT, "| platform threads added, idle | %d | %d | %.2f |%n", this.oneThreads,
					this.manyThreads, threadsPerQueue()));
			out.append(String.format(Locale.ROOT, "| idle requests per queue per minute | | %.2f %s | |%n",
					this.idleRequestsPerQueuePerMinute, this.idleRequests));
			out.append(String.format(Locale.ROOT, "| stop the listener of all queues, idle | | %,.0f ms | |%n",
					this.stopMillis));
			out.append(String.format(Locale.ROOT, "| start the listener of all queues again | | %,.0f ms | |%n",
					this.burst.startMillis()));
			out.append(String.format(Locale.ROOT, "| close the context after the burst | | %,.0f ms | |%n",
					this.closeMillis));
			out.append(String.format(Locale.ROOT,
					"| burst: %,d messages on each of %d queues | | first queue drained at %,.0f ms, last at %,.0f ms "
							+ "(%,.0f tasks/s); %d tasks sent meanwhile to the idle queues started after %.0f ms "
							+ "median, %.0f ms at most | |%n",
					this.burst.perQueue(), this.burst.queues(), this.burst.firstDrainedMillis(),
					this.burst.lastDrainedMillis(), this.burst.tasksPerSecond(), this.burst.idleProbes(),
					this.burst.idleP50Millis(), this.burst.idleMaxMillis()));
			return out.toString();
		}

	}

}
