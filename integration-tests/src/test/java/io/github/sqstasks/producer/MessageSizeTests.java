package io.github.sqstasks.producer;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages over SQS's 1 MiB (body plus attributes) are refused before anything is sent.
 */
@SuppressWarnings("try")
class MessageSizeTests {

	private final RecordingInterceptor recorder = new RecordingInterceptor();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder);

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	@Test
	void aTaskOverTheLimitIsRefusedNamingTheTaskAndItsSize() {
		TestSqs.createQueue(this.sqs, this.prefix + "uploads", Map.of());

		assertThatThrownBy(() -> this.tasks.addJob("uploads", "store", Map.of("data", "x".repeat(1024 * 1024))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("Cannot send task 'store' to queue 'uploads'")
			.hasMessageMatching("(?s).*the message is 10\\d{5} bytes, over the queue's limit of 1048576 bytes.*")
			.hasMessageContaining("Nothing was sent");
		assertThatThrownBy(() -> {
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				this.tasks.addJob("uploads", "store", Map.of("data", "x".repeat(1024 * 1024)));
			}
		}).isInstanceOf(JobSendException.class);
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).isEmpty();
	}

	@Test
	void exactlyOneMebibyteIsSentAndOneByteMoreIsNot() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "raw", Map.of());

		assertThatThrownBy(() -> this.tasks.addRawJob("raw", "y".repeat(1024 * 1024 + 1)))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("raw job")
			.hasMessageContaining("1048577 bytes");
		this.tasks.addRawJob("raw", "y".repeat(1024 * 1024));

		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body)
			.singleElement()
			.satisfies((body) -> assertThat(body).hasSize(1024 * 1024));
	}

	@Test
	void attributesCountTowardsTheLimit() {
		TestSqs.createQueue(this.sqs, this.prefix + "uploads", Map.of());
		String almostAll = "z".repeat(1024 * 1024 - "{\"d\":\"\"}".length());

		assertThatThrownBy(() -> this.tasks.addJob("uploads", "store", Map.of("d", almostAll)))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("body plus attributes");
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
	}

}
