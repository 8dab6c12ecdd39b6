package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Times {@code addJob} called one by one against the same calls inside {@code template.batch()}, on a queue without
 * a consumer.
 */
public final class EnqueueBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(EnqueueBenchmark.class);

	private EnqueueBenchmark() {
	}

	/**
	 * Runs one warm-up and the measured rounds of both ways of enqueueing.
	 * @param template the sqs-tasks template
	 * @param sqs the template's client, for purging
	 * @param counter counts the client's requests
	 * @param queueUrl the URL of {@link SqsTasksConsumer#ENQUEUE_QUEUE}
	 * @param settings the run's parameters
	 * @return the figures
	 * @throws InterruptedException when interrupted
	 */
	public static Result run(SqsTaskTemplate template, SqsAsyncClient sqs, RequestCounter counter, String queueUrl,
			Settings settings) throws InterruptedException {
		int count = settings.enqueueMessages();
		List<Double> single = new ArrayList<>();
		List<Double> batched = new ArrayList<>();
		double[] requests = new double[2];
		for (int round = 0; round <= settings.rounds(); round++) {
			double[] one = measure(sqs, counter, queueUrl, count, () -> send(template, count));
			double[] batch = measure(sqs, counter, queueUrl, count, () -> {
				try (SqsTaskTemplate.Batch ignored = template.batch()) {
					send(template, count);
				}
			});
			logger.warn("enqueue round {}: one by one {} msg/s, batched {} msg/s", round, one[0], batch[0]);
			if (round > 0) {
				single.add(one[0]);
				batched.add(batch[0]);
				requests = new double[] { one[1], batch[1] };
			}
		}
		Messages.clear(sqs, queueUrl, Duration.ofSeconds(10));
		return new Result(count, single, batched, requests[0], requests[1]);
	}

	private static double[] measure(SqsAsyncClient sqs, RequestCounter counter, String queueUrl, int count,
			Runnable enqueue) throws InterruptedException {
		Messages.clear(sqs, queueUrl, Duration.ofSeconds(10));
		RequestCounter.Counts before = counter.snapshot();
		double millis = Scenario.timeMillis(enqueue);
		RequestCounter.Counts used = counter.snapshot().minus(before);
		return new double[] { count / (millis / 1000), used.total() / (double) count };
	}

	private static void send(SqsTaskTemplate template, int count) {
		for (int n = 0; n < count; n++) {
			template.addJob(SqsTasksConsumer.ENQUEUE_QUEUE, SqsTasksApplication.TASK, Map.of("n", n));
		}
	}

	/**
	 * Enqueue figures.
	 *
	 * @param jobs jobs per round
	 * @param oneByOne jobs per second of each round of single {@code addJob} calls
	 * @param batched jobs per second of each round inside {@code batch()}
	 * @param oneByOneRequestsPerJob requests per job, one by one
	 * @param batchedRequestsPerJob requests per job, batched
	 */
	public record Result(int jobs, List<Double> oneByOne, List<Double> batched, double oneByOneRequestsPerJob,
			double batchedRequestsPerJob) {

		public double ratio() {
			return Stats.median(this.batched) / Stats.median(this.oneByOne);
		}

	}

}
