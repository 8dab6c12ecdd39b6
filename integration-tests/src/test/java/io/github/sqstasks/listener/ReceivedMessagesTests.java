package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.retry.BackoffPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Received messages waiting for a handler, on the in-memory SQS: kept invisible, handed over once, given back on stop.
 */
class ReceivedMessagesTests {

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient();

	private final VisibilityHeartbeat heartbeat = new VisibilityHeartbeat();

	private final ReceivedMessages received = new ReceivedMessages(this.sqs, this.heartbeat);

	private final String url = this.sqs
		.createQueue((r) -> r.queueName("work").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")))
		.join()
		.queueUrl();

	@AfterEach
	void stop() {
		this.heartbeat.close();
	}

	@Test
	void aWaitingMessageStaysInvisibleBeyondItsVisibilityTimeoutAndIsClaimedOnce() throws InterruptedException {
		this.received.register(this.url, settings());
		this.received.queueVisibilityTimeout(this.url, Duration.ofSeconds(1));
		List<Message> messages = sendAndReceive(2);
		this.received.received(this.url, messages);
		// three times the queue's 1 s visibility timeout
		Thread.sleep(3000);
		assertThat(receive()).isEmpty();

		ReceivedMessages.Claim claim = this.received.claim(messages.get(0));
		assertThat(claim).isNotNull();
		assertThat(claim.beat()).as("the heartbeat started on receive").isNotNull();
		assertThat(this.received.claim(messages.get(0)).beat()).as("claimed a second time").isNull();
	}

	@Test
	void aStopGivesBackWaitingMessagesAtOnceAndAHandlerThatComesLaterSkipsThem() {
		this.received.register(this.url, settings());
		this.received.queueVisibilityTimeout(this.url, Duration.ofSeconds(30));
		// received for 30 s, as the listener would be told: the queue's own 1 s would race the assertions
		List<Message> messages = sendAndReceive(2, 30);
		this.received.received(this.url, messages);
		ReceivedMessages.Claim running = this.received.claim(messages.get(0));

		this.received.giveBackWaiting();

		assertThat(running).isNotNull();
		assertThat(this.received.claim(messages.get(1))).as("given back, not to be processed").isNull();
		// the waiting one is visible again now, not after 30 s; the one a handler took is not
		await().atMost(Duration.ofSeconds(2))
			.until(() -> count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
		assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo(1);
		assertThat(receive()).extracting(Message::messageId).containsExactly(messages.get(1).messageId());
	}

	@Test
	void withoutAKnownVisibilityTimeoutNoHeartbeatStartsAndTheHandlerStartsItsOwn() {
		this.received.register(this.url, settings());
		List<Message> messages = sendAndReceive(1);
		this.received.received(this.url, messages);
		ReceivedMessages.Claim claim = this.received.claim(messages.get(0));
		assertThat(claim).isNotNull();
		assertThat(claim.beat()).isNull();
	}

	private static QueueSettings settings() {
		return new QueueSettings("work", 1, 2, Duration.ofSeconds(20), Duration.ZERO, null, null, 5,
				BackoffPolicy.immediate(), false, Duration.ofHours(1));
	}

	private List<Message> sendAndReceive(int count) {
		return sendAndReceive(count, 1);
	}

	private List<Message> sendAndReceive(int count, int visibilitySeconds) {
		for (int i = 0; i < count; i++) {
			String body = Integer.toString(i);
			this.sqs.sendMessage((r) -> r.queueUrl(this.url).messageBody(body)).join();
		}
		return this.sqs.receiveMessage((r) -> r.queueUrl(this.url).maxNumberOfMessages(10)
			.visibilityTimeout(visibilitySeconds)).join().messages();
	}

	private List<Message> receive() {
		return this.sqs.receiveMessage((r) -> r.queueUrl(this.url).maxNumberOfMessages(10)).join().messages();
	}

	private int count(QueueAttributeName attribute) {
		return Integer.parseInt(this.sqs
			.getQueueAttributes((r) -> r.queueUrl(this.url).attributeNames(attribute))
			.join()
			.attributes()
			.get(attribute));
	}

}
