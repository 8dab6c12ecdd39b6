package io.github.sqstasks.producer;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Jobs added inside {@code SqsTaskTemplate.batch()} go out as {@code SendMessageBatch} requests of at most ten jobs
 * and 1 MiB, per queue, counted on the requests the SDK client makes.
 */
@SuppressWarnings("try")
class BatchTests {

	private final RecordingInterceptor recorder = new RecordingInterceptor();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder);

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	@Test
	void twentyFiveJobsInOneBatchGoOutAsThreeBatchRequests() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int i = 0; i < 25; i++) {
				assertThat(this.tasks.addJob("emails", "send_email", Map.of("n", i))).isNull();
			}
		}

		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).extracting((r) -> r.entries().size())
			.containsExactly(10, 10, 5);
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
		assertThat(count(url)).isEqualTo(25);
	}

	@Test
	void jobsAreBufferedUntilTheBatchClosesAndFullRequestsGoOutEarly() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int i = 0; i < 12; i++) {
				this.tasks.addJob("emails", "send_email", Map.of("n", i));
			}
			assertThat(this.recorder.requests(SendMessageBatchRequest.class)).hasSize(1);
			assertThat(count(url)).isEqualTo(10);
		}
		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).hasSize(2);
		assertThat(count(url)).isEqualTo(12);
	}

	@Test
	void aBatchOverOneMebibyteIsSplitBySize() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "uploads", Map.of());
		String payload = "x".repeat(300_000);
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int i = 0; i < 5; i++) {
				this.tasks.addJob("uploads", "store", Map.of("data", payload));
			}
		}

		List<SendMessageBatchRequest> requests = this.recorder.requests(SendMessageBatchRequest.class);
		assertThat(requests).extracting((r) -> r.entries().size()).containsExactly(3, 2);
		assertThat(requests).allSatisfy((request) -> assertThat(request.entries()
			.stream()
			.mapToInt((entry) -> MessageFactory.size(entry.messageBody(), entry.messageAttributes()))
			.sum()).isLessThanOrEqualTo(1024 * 1024));
		assertThat(count(url)).isEqualTo(5);
	}

	@Test
	void eachQueueGetsItsOwnRequests() {
		String emails = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		String cron = TestSqs.createQueue(this.sqs, this.prefix + "cron", Map.of());
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			this.tasks.addJob("emails", "send_email", Map.of("n", 1));
			this.tasks.addRawJob("cron", "{\"tick\":1}");
			this.tasks.addJob("emails", "send_email", Map.of("n", 2));
		}

		assertThat(this.recorder.requests(SendMessageBatchRequest.class))
			.extracting(SendMessageBatchRequest::queueUrl, (r) -> r.entries().size())
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(emails, 2),
					org.assertj.core.groups.Tuple.tuple(cron, 1));
		assertThat(TestSqs.receive(this.sqs, cron)).extracting(Message::body).containsExactly("{\"tick\":1}");
	}

	@Test
	void nestedBatchesJoinTheOutermostWhichAloneSends() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		try (SqsTaskTemplate.Batch outer = this.tasks.batch()) {
			this.tasks.addJob("emails", "send_email", Map.of("n", 1));
			try (SqsTaskTemplate.Batch inner = this.tasks.batch()) {
				this.tasks.addJob("emails", "send_email", Map.of("n", 2));
			}
			assertThat(this.recorder.requests(SendMessageBatchRequest.class)).isEmpty();
			this.tasks.addJob("emails", "send_email", Map.of("n", 3));
		}
		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).singleElement()
			.satisfies((request) -> assertThat(request.entries()).hasSize(3));
		assertThat(count(url)).isEqualTo(3);
		assertThat(this.tasks.addJob("emails", "send_email", Map.of("n", 4))).isNotNull();
	}

	@Test
	void aPartialFailureNamesTheFailedJobOnly() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "cron", Map.of());
		BatchSendException failure = catchThrowableOfType(BatchSendException.class, () -> {
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				this.tasks.addRawJob("cron", "{\"ok\":1}");
				this.tasks.addRawJob("cron", "not allowed in SQS: \u0001");
				this.tasks.addRawJob("cron", "{\"ok\":2}");
			}
		});

		assertThat(failure).isNotNull();
		assertThat(failure.failures()).singleElement().satisfies((entry) -> {
			assertThat(entry.queue()).isEqualTo("cron");
			assertThat(entry.task()).isNull();
			assertThat(entry.senderFault()).isTrue();
			assertThat(entry.message()).contains("InvalidMessageContents");
		});
		assertThat(failure).hasMessageContaining("1 of 3 jobs of the batch were not sent (the other 2 were)")
			.hasMessageContaining("raw job to queue 'cron'");
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body)
			.containsExactlyInAnyOrder("{\"ok\":1}", "{\"ok\":2}");
	}

	@Test
	void aFailedRequestReportsEachOfItsJobs() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		BatchSendException failure = catchThrowableOfType(BatchSendException.class, () -> {
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				this.tasks.addJob("emails", "send_email", Map.of("n", 1));
				this.tasks.addJob("emails", "welcome", Map.of("n", 2));
				this.sqs.deleteQueue((r) -> r.queueUrl(url)).join();
			}
		});

		assertThat(failure).isNotNull();
		assertThat(failure.failures()).extracting(BatchSendException.FailedEntry::task)
			.containsExactly("send_email", "welcome");
		assertThat(failure).hasMessageContaining("task 'welcome' to queue 'emails'");
	}

	@Test
	void aJobRefusedInsideABatchFailsAtOnceAndTheOthersAreStillSent() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			this.tasks.addJob("emails", "send_email", Map.of("n", 1));
			assertThatThrownBy(() -> this.tasks.addJob("emails", "send_email", Map.of("n", "y".repeat(1_100_000))))
				.isInstanceOf(JobSendException.class)
				.hasMessageContaining("over the queue's limit");
		}
		assertThat(count(url)).isEqualTo(1);
	}

	private int count(String url) {
		return Integer.parseInt(this.sqs
			.getQueueAttributes((r) -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

}
