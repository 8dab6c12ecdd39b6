package io.github.sqstasks.memory;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the conformance tests against {@link InMemorySqsAsyncClient}, with time moved by a {@link ManualClock}.
 *
 * <p>Where SQS and ElasticMQ differ, this backend follows SQS: a delete with a stale receipt handle succeeds and
 * deletes nothing, and a message over 1 MiB fails with {@code InvalidParameterValue}.
 */
class InMemorySqsConformanceTests extends SqsConformanceTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

	private InMemorySqsAsyncClient sqs;

	@BeforeEach
	void startClient() {
		this.sqs = new InMemorySqsAsyncClient(this.clock);
	}

	@AfterEach
	void closeClient() {
		this.sqs.close();
	}

	@Override
	protected SqsAsyncClient sqs() {
		return this.sqs;
	}

	@Override
	protected void elapse(Duration duration) {
		this.clock.advance(duration);
	}

	@Override
	protected void assertStaleReceiptDelete(String queue, Message stale, Message current) {
		sqs().deleteMessage(request -> request.queueUrl(queue).receiptHandle(stale.receiptHandle())).join();
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");
		delete(queue, current);
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
	}

}
