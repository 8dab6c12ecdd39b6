package io.github.sqstasks.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers in separate JVM processes, stopped abruptly (SIGKILL) or gracefully (SIGTERM) in the middle of a run; a
 * second worker finishes the queue. {@code -Dreliability.tasks=N} sets the run's size (10,000 by default).
 */
class ProcessCrashTests {

	private static final int TASKS = Integer.getInteger("reliability.tasks", 10_000);

	private static final int CONCURRENCY = 10;

	private static EmbeddedSqsBroker broker;

	private static SqsAsyncClient sqs;

	@TempDir
	Path dir;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedSqsBroker("127.0.0.1", 0);
		sqs = SqsAsyncClient.builder()
			.endpointOverride(broker.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@AfterAll
	static void stopBroker() {
		sqs.close();
		broker.destroy();
	}

	@Test
	void afterASigkillMidRunASecondWorkerFinishesAndEveryTaskIsDone() throws Exception {
		Run run = run("kill");
		try (WorkerProcess first = run.startWorker("first")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> run.done().size() >= TASKS / 4);
			first.kill();
		}
		int doneAtKill = run.done().size();
		// received by the killed worker and not deleted: running, prefetched, or done with its delete not yet sent
		int inFlightAtKill = run.notVisible();
		try (WorkerProcess second = run.startWorker("second")) {
			await().atMost(Duration.ofSeconds(120)).until(() -> run.distinct() == TASKS && run.inQueue() == 0);
			second.terminate();
		}
		int duplicates = run.done().size() - TASKS;
		System.out.printf("SIGKILL run: %d tasks, %d done by the first worker, %d in flight at the kill, %d duplicates%n",
				TASKS, doneAtKill, inFlightAtKill, duplicates);
		// Only what the killed worker held can come back; of that, only what its handlers had finished is done twice
		// (prefetched messages that had not started are not).
		assertThat(duplicates).isBetween(0, inFlightAtKill);
	}

	@Test
	void afterASigtermMidRunNothingIsLostAndNothingIsDoneTwice() throws Exception {
		Run run = run("term");
		int exit;
		try (WorkerProcess first = run.startWorker("first")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> run.done().size() >= TASKS / 4);
			exit = first.terminate();
		}
		try (WorkerProcess second = run.startWorker("second")) {
			await().atMost(Duration.ofSeconds(120)).until(() -> run.distinct() == TASKS && run.inQueue() == 0);
			second.terminate();
		}
		System.out.printf("SIGTERM run: %d tasks, %d done, first worker exited with %d%n", TASKS, run.done().size(),
				exit);
		assertThat(run.done()).hasSize(TASKS);
		assertThat(exit).isEqualTo(143);
	}

	@Test
	void aWorkerWithAnIdleShutdownPolicyDrainsTheQueueAndExitsWithStatusZero() throws Exception {
		Run run = run("idle");
		int exit;
		try (WorkerProcess worker = WorkerProcess.start(broker.getEndpoint().toString(), run.prefix(), run.doneFile(),
				this.dir.resolve("idle.log"), CONCURRENCY, "--sqs-tasks.listener.shutdown-policy.idle=2s")) {
			exit = worker.awaitExit(120);
		}
		System.out.printf("Idle-policy run: %d tasks, %d done, exit status %d%n", TASKS, run.done().size(), exit);
		assertThat(exit).isZero();
		assertThat(run.distinct()).isEqualTo(TASKS);
		assertThat(run.inQueue()).isZero();
	}

	private Run run(String name) throws Exception {
		String prefix = name + UUID.randomUUID().toString().substring(0, 6) + "-";
		String url = sqs.createQueue((r) -> r.queueName(prefix + "work")).join().queueUrl();
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int id = 0; id < TASKS; id++) {
			entries.add(SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(id % 10))
				.messageBody("{\"id\":" + id + "}")
				.messageAttributes(attributes())
				.build());
			if (entries.size() == 10) {
				List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
				sqs.sendMessageBatch((r) -> r.queueUrl(url).entries(batch)).join();
				entries.clear();
			}
		}
		return new Run(prefix, url, this.dir.resolve(name + "-done.txt"), this.dir);
	}

	private static Map<String, MessageAttributeValue> attributes() {
		Map<String, MessageAttributeValue> attributes = new HashMap<>();
		attributes.put("JobName", MessageAttributeValue.builder().dataType("String").stringValue("work").build());
		attributes.put("ContentType", MessageAttributeValue.builder().dataType("String").stringValue("json").build());
		return attributes;
	}

	private record Run(String prefix, String url, Path doneFile, Path dir) {

		WorkerProcess startWorker(String name) throws Exception {
			return WorkerProcess.start(broker.getEndpoint().toString(), this.prefix, this.doneFile,
					this.dir.resolve(name + ".log"), CONCURRENCY);
		}

		List<Integer> done() throws Exception {
			return WorkerProcess.done(this.doneFile);
		}

		long distinct() throws Exception {
			return done().stream().distinct().count();
		}

		int notVisible() {
			return Integer.parseInt(sqs.getQueueAttributes((r) -> r.queueUrl(this.url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributes()
				.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		}

		int inQueue() {
			Map<QueueAttributeName, String> counts = sqs.getQueueAttributes((r) -> r.queueUrl(this.url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributes();
			return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					+ Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		}

	}

}
