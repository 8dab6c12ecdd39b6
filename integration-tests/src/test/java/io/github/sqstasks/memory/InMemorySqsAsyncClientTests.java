package io.github.sqstasks.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests of what only the in-memory SQS offers or can show quickly: the manual clock, the read-side view, and SQS
 * rules that ElasticMQ does not follow.
 */
class InMemorySqsAsyncClientTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient(this.clock);

	@AfterEach
	void close() {
		this.sqs.close();
	}

	private String queue(String name, Map<QueueAttributeName, String> attributes) {
		return this.sqs.createQueue(request -> request.queueName(name).attributes(attributes)).join().queueUrl();
	}

	private CompletableFuture<ReceiveMessageResponse> poll(String queue, int waitSeconds) {
		return this.sqs.receiveMessage(request -> request.queueUrl(queue)
			.waitTimeSeconds(waitSeconds)
			.maxNumberOfMessages(10)
			.messageSystemAttributeNamesWithStrings("All")
			.messageAttributeNames("All"));
	}

	private static SqsException failure(CompletableFuture<?> future) {
		Throwable thrown = catchThrowable(future::join);
		assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SqsException.class);
		return (SqsException) thrown.getCause();
	}

	@Test
	void queueUrlsAndArnsFollowTheDocumentedFormat() {
		String queue = queue("orders", Map.of());
		assertThat(queue).isEqualTo("http://sqs.in-memory.local/000000000000/orders");
		assertThat(this.sqs.getQueueAttributes(request -> request.queueUrl(queue)
			.attributeNames(QueueAttributeName.QUEUE_ARN)).join().attributes())
			.containsEntry(QueueAttributeName.QUEUE_ARN, "arn:aws:sqs:us-east-1:000000000000:orders");
	}

	@Test
	void movingTheClockWakesALongPollWaitingForADelayedMessage() {
		String queue = queue("delayed", Map.of());
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("soon").delaySeconds(300)).join();
		CompletableFuture<ReceiveMessageResponse> waiting = poll(queue, 20);
		assertThat(waiting).isNotDone();
		this.clock.advance(Duration.ofSeconds(300));
		await().atMost(2, TimeUnit.SECONDS).until(waiting::isDone);
		assertThat(waiting.join().messages()).extracting(Message::body).containsExactly("soon");
	}

	@Test
	void movingTheClockPastTheWaitTimeEndsALongPollEmpty() {
		String queue = queue("quiet", Map.of());
		CompletableFuture<ReceiveMessageResponse> waiting = poll(queue, 20);
		this.clock.advance(Duration.ofSeconds(19));
		assertThat(waiting).isNotDone();
		this.clock.advance(Duration.ofSeconds(1));
		await().atMost(2, TimeUnit.SECONDS).until(waiting::isDone);
		assertThat(waiting.join().messages()).isEmpty();
	}

	@Test
	void closingTheClientEndsWaitingReceives() {
		String queue = queue("closing", Map.of());
		CompletableFuture<ReceiveMessageResponse> waiting = poll(queue, 20);
		this.sqs.close();
		assertThat(waiting.join().messages()).isEmpty();
	}

	@Test
	void messagesViewShowsEveryStateWithoutChangingIt() {
		String queue = queue("view", Map.of());
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("in flight").messageAttributes(
				Map.of("JobName", MessageAttributeValue.builder().dataType("String").stringValue("job").build())))
			.join();
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("delayed").delaySeconds(60)).join();
		poll(queue, 0).join();
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("visible")).join();
		List<QueuedMessage> messages = this.sqs.messages("view");
		assertThat(messages).extracting(QueuedMessage::body, QueuedMessage::state, QueuedMessage::receiveCount)
			.containsExactly(tuple("in flight", MessageState.IN_FLIGHT, 1),
					tuple("delayed", MessageState.DELAYED, 0),
					tuple("visible", MessageState.VISIBLE, 0));
		assertThat(messages.get(0).messageAttributes()).containsEntry("JobName", "job");
		assertThat(this.sqs.messages(queue)).isEqualTo(messages);
	}

	@Test
	void secondPurgeWithinSixtySecondsIsRefusedAsBySqs() {
		String queue = queue("purged", Map.of());
		this.sqs.purgeQueue(request -> request.queueUrl(queue)).join();
		assertThat(failure(this.sqs.purgeQueue(request -> request.queueUrl(queue))))
			.isInstanceOf(PurgeQueueInProgressException.class);
		this.clock.advance(Duration.ofSeconds(60));
		this.sqs.purgeQueue(request -> request.queueUrl(queue)).join();
	}

	@Test
	void deadLetteredMessageKeepsItsAttributesAndNamesItsSourceQueue() {
		String deadLetters = queue("dead", Map.of());
		String queue = queue("work", Map.of(QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead\",\"maxReceiveCount\":1}"));
		Map<String, MessageAttributeValue> attributes = Map.of("JobName",
				MessageAttributeValue.builder().dataType("String").stringValue("job").build());
		String id = this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("b")
			.messageAttributes(attributes)).join().messageId();
		poll(queue, 0).join();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(poll(queue, 0).join().messages()).isEmpty();
		Message dead = poll(deadLetters, 0).join().messages().get(0);
		assertThat(dead.messageId()).isEqualTo(id);
		assertThat(dead.messageAttributes()).isEqualTo(attributes);
		assertThat(dead.attributesAsStrings())
			.containsEntry("DeadLetterQueueSourceArn", "arn:aws:sqs:us-east-1:000000000000:work");
	}

	@Test
	void fifoMessagesDeadLetterInOrderIntoAFifoQueue() {
		String deadLetters = queue("dead.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
		String queue = queue("work.fifo", Map.of(QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead.fifo\",\"maxReceiveCount\":1}",
				QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
		for (String body : List.of("1", "2")) {
			this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body).messageGroupId("G")).join();
		}
		assertThat(poll(queue, 0).join().messages()).extracting(Message::body).containsExactly("1", "2");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(poll(queue, 0).join().messages()).isEmpty();
		assertThat(poll(deadLetters, 0).join().messages()).extracting(Message::body).containsExactly("1", "2");
	}

	@Test
	void fifoDeduplicationEndsAfterFiveMinutes() {
		String queue = queue("window.fifo", Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
		String first = this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("x").messageGroupId("G"))
			.join().messageId();
		this.clock.advance(Duration.ofMinutes(5));
		String second = this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("x").messageGroupId("G"))
			.join().messageId();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.sqs.messages(queue)).hasSize(2);
	}

	@Test
	void batchEntriesFailOneByOneWithTheServiceErrorCodes() {
		String queue = queue("batch.fifo", Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
		var response = this.sqs.sendMessageBatch(request -> request.queueUrl(queue).entries(
				SendMessageBatchRequestEntry.builder().id("ok").messageBody("a").messageGroupId("G").build(),
				SendMessageBatchRequestEntry.builder().id("no-group").messageBody("b").build())).join();
		assertThat(response.successful()).extracting(entry -> entry.id()).containsExactly("ok");
		assertThat(response.failed()).singleElement().satisfies(entry -> {
			assertThat(entry.id()).isEqualTo("no-group");
			assertThat(entry.code()).isEqualTo("MissingParameter");
			assertThat(entry.senderFault()).isTrue();
		});
	}

	@Test
	void totalVisibilityOfAMessageCannotPassTwelveHoursFromItsReceive() {
		String queue = queue("twelve", Map.of());
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("m")).join();
		Message message = poll(queue, 0).join().messages().get(0);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(failure(this.sqs.changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(message.receiptHandle())
			.visibilityTimeout(43_200))).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
	}

	@Test
	void messagesOlderThanTheRetentionPeriodAreDropped() {
		String queue = queue("retention", Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("old")).join();
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(poll(queue, 0).join().messages()).isEmpty();
		assertThat(this.sqs.messages(queue)).isEmpty();
	}

	@Test
	void receiptHandleOfAnotherQueueIsInvalid() {
		String first = queue("first", Map.of());
		String second = queue("second", Map.of());
		this.sqs.sendMessage(request -> request.queueUrl(first).messageBody("m")).join();
		Message message = poll(first, 0).join().messages().get(0);
		assertThat(failure(this.sqs.deleteMessage(request -> request.queueUrl(second)
			.receiptHandle(message.receiptHandle()))).awsErrorDetails().errorCode()).isEqualTo("ReceiptHandleIsInvalid");
	}

	@Test
	void invalidQueueDefinitionsAreRefused() {
		assertThat(failure(this.sqs.createQueue(request -> request.queueName("plain")
			.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))).awsErrorDetails().errorCode())
			.isEqualTo("InvalidParameterValue");
		assertThat(failure(this.sqs.createQueue(request -> request.queueName("orphan")
			.attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
					"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:none\",\"maxReceiveCount\":1}"))))
			.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
		assertThat(failure(this.sqs.createQueue(request -> request.queueName("bad name!"))).awsErrorDetails()
			.errorCode()).isEqualTo("InvalidParameterValue");
	}

	@Test
	void operationsThatAreNotImplementedFailNamingTheOperation() {
		assertThatThrownBy(() -> this.sqs.tagQueue(request -> request.queueUrl("q")).join())
			.hasCauseInstanceOf(UnsupportedOperationException.class)
			.hasMessageContaining("TagQueue");
		assertThatThrownBy(this.sqs::batchManager).isInstanceOf(UnsupportedOperationException.class)
			.hasMessageContaining("batchManager");
	}

	@Test
	void receivedMessagesCarryFifoSystemAttributes() {
		String queue = queue("attrs.fifo", Map.of());
		this.sqs.sendMessage(request -> request.queueUrl(queue).messageBody("m").messageGroupId("G")
			.messageDeduplicationId("D")).join();
		Message message = poll(queue, 0).join().messages().get(0);
		assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "G")
			.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "D")
			.containsKey(MessageSystemAttributeName.SEQUENCE_NUMBER);
	}

	@Test
	void withTheSystemClockALongPollWakesWhenADelayedMessageBecomesVisible() {
		try (InMemorySqsAsyncClient realTime = new InMemorySqsAsyncClient()) {
			String queue = realTime.createQueue(request -> request.queueName("real-time")).join().queueUrl();
			realTime.sendMessage(request -> request.queueUrl(queue).messageBody("first").delaySeconds(1)).join();
			CompletableFuture<ReceiveMessageResponse> first = realTime.receiveMessage(request -> request.queueUrl(queue)
				.waitTimeSeconds(20)
				.visibilityTimeout(1));
			await().atMost(3, TimeUnit.SECONDS).until(first::isDone);
			CompletableFuture<ReceiveMessageResponse> again = realTime.receiveMessage(request -> request.queueUrl(queue)
				.waitTimeSeconds(20));
			await().atMost(3, TimeUnit.SECONDS).until(again::isDone);
			assertThat(again.join().messages()).extracting(Message::body).containsExactly("first");
		}
	}

}
