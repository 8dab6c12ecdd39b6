package io.github.sqstasks.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Conformance tests for sending, receiving, visibility and message attributes.
 */
abstract class MessageConformanceTests extends SqsConformanceSupport {

	@Test
	void sentMessageIsReceivedOnceAndGoneAfterDelete() {
		String queue = createQueue("basic");
		String id = send(queue, "hello");
		List<Message> received = receive(queue, 10);
		assertThat(received).singleElement().satisfies(message -> {
			assertThat(message.messageId()).isEqualTo(id);
			assertThat(message.body()).isEqualTo("hello");
			assertThat(receiveCount(message)).isEqualTo(1);
			assertThat(message.attributes()).containsKeys(MessageSystemAttributeName.SENT_TIMESTAMP,
					MessageSystemAttributeName.SENDER_ID, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP);
		});
		assertThat(receive(queue, 10)).isEmpty();
		delete(queue, received.get(0));
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
	}

	@Test
	void messageReturnsAfterVisibilityTimeoutWithIncrementedReceiveCount() {
		String queue = createQueue("visibility", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
		send(queue, "again");
		Message first = receive(queue, 1).get(0);
		assertThat(receive(queue, 1)).isEmpty();
		elapse(Duration.ofSeconds(1));
		Message second = receive(queue, 1).get(0);
		assertThat(second.messageId()).isEqualTo(first.messageId());
		assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
		assertThat(receiveCount(second)).isEqualTo(2);
	}

	@Test
	void receiveVisibilityTimeoutOverridesTheQueueDefault() {
		String queue = createQueue("override");
		send(queue, "short");
		sqs().receiveMessage(request -> request.queueUrl(queue).visibilityTimeout(1)).join();
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).hasSize(1);
	}

	@Test
	void changeMessageVisibilityToZeroMakesTheMessageVisibleAtOnce() {
		String queue = createQueue("change");
		send(queue, "now");
		Message message = receive(queue, 1).get(0);
		sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(message.receiptHandle())
			.visibilityTimeout(0)).join();
		assertThat(receive(queue, 1)).singleElement().satisfies(again -> assertThat(receiveCount(again)).isEqualTo(2));
	}

	@Test
	void changeMessageVisibilityExtendsTheTimeout() {
		String queue = createQueue("extend", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
		send(queue, "later");
		Message message = receive(queue, 1).get(0);
		sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(message.receiptHandle())
			.visibilityTimeout(60)).join();
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).isEmpty();
	}

	@Test
	void changeMessageVisibilityWithAStaleReceiptHandleFails() {
		String queue = createQueue("stale-change");
		send(queue, "m");
		Message first = receive(queue, 1).get(0);
		sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(first.receiptHandle())
			.visibilityTimeout(0)).join();
		Message second = receive(queue, 1).get(0);
		delete(queue, second);
		assertThat(failure(sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(first.receiptHandle())
			.visibilityTimeout(10)))).isNotNull();
	}

	@Test
	void deleteWithAStaleReceiptHandleBehavesAsTheBackendDocuments() {
		String queue = createQueue("stale-delete");
		send(queue, "m");
		Message first = receive(queue, 1).get(0);
		sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(first.receiptHandle())
			.visibilityTimeout(0)).join();
		Message second = receive(queue, 1).get(0);
		assertStaleReceiptDelete(queue, first, second);
	}

	/**
	 * Deletes with {@code stale}, the handle of an earlier receive of the message {@code current} was received as
	 * last, and checks what the backend does.
	 */
	protected abstract void assertStaleReceiptDelete(String queue, Message stale, Message current);

	@Test
	void batchSendAndBatchDeleteHandleEveryEntry() {
		String queue = createQueue("batch");
		SendMessageBatchResponse sent = sqs()
			.sendMessageBatch(request -> request.queueUrl(queue).entries(entries(10, "body-")))
			.join();
		assertThat(sent.successful()).hasSize(10);
		assertThat(sent.failed()).isEmpty();
		List<Message> received = receiveAll(queue, 10);
		assertThat(received).extracting(Message::body).hasSize(10).allMatch(body -> body.startsWith("body-"));
		var deleted = sqs().deleteMessageBatch(request -> request.queueUrl(queue)
			.entries(received.stream()
				.map(message -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
					.id(message.messageId())
					.receiptHandle(message.receiptHandle())
					.build())
				.toList()))
			.join();
		assertThat(deleted.successful()).hasSize(10);
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
	}

	@Test
	void receiveReturnsAtMostTenMessagesAndRefusesMore() {
		String queue = createQueue("max");
		sqs().sendMessageBatch(request -> request.queueUrl(queue).entries(entries(10, "a"))).join();
		sqs().sendMessageBatch(request -> request.queueUrl(queue).entries(entries(5, "b"))).join();
		assertThat(receive(queue, 10)).hasSizeBetween(1, 10);
		assertRefused(Limit.MAX_NUMBER_OF_MESSAGES,
				sqs().receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(11)));
	}

	@Test
	void longPollingReturnsAsSoonAsAMessageIsSent() {
		String queue = createQueue("long-poll");
		CompletableFuture<ReceiveMessageResponse> waiting = receiveAsync(queue, 10, 20);
		assertThat(waiting).isNotDone();
		send(queue, "wake up");
		await().atMost(3, TimeUnit.SECONDS).until(waiting::isDone);
		assertThat(waiting.join().messages()).extracting(Message::body).containsExactly("wake up");
	}

	@Test
	void longPollingEndsEmptyAfterTheWaitTime() {
		String queue = createQueue("long-poll-empty");
		CompletableFuture<ReceiveMessageResponse> waiting = receiveAsync(queue, 10, 1);
		await().atMost(4, TimeUnit.SECONDS).until(waiting::isDone);
		assertThat(waiting.join().messages()).isEmpty();
	}

	@Test
	void messageAttributesRoundTripWithTheDigestsSqsComputes() {
		String queue = createQueue("attributes");
		Map<String, MessageAttributeValue> attributes = Map.of(
				"JobName", MessageAttributeValue.builder().dataType("String").stringValue("send_email").build(),
				"Count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
				"Raw", MessageAttributeValue.builder().dataType("Binary")
					.binaryValue(SdkBytes.fromByteArray(new byte[] { 1, 2, 3 })).build(),
				"Custom", MessageAttributeValue.builder().dataType("String.json").stringValue("{\"ä\":1}").build());
		var sent = sqs().sendMessage(request -> request.queueUrl(queue).messageBody("{\"to\":\"a@b.c\"}")
			.messageAttributes(attributes)).join();
		assertThat(sent.md5OfMessageBody()).isEqualTo("9c101e63e8b8c4cb30a5402296afa24c");
		assertThat(sent.md5OfMessageAttributes()).isEqualTo(EXPECTED_ATTRIBUTES_MD5);
		Message received = receive(queue, 1).get(0);
		assertThat(received.messageAttributes()).isEqualTo(attributes);
		assertThat(received.md5OfMessageAttributes()).isEqualTo(EXPECTED_ATTRIBUTES_MD5);
		assertThat(received.md5OfBody()).isEqualTo(sent.md5OfMessageBody());
	}

	private static final String EXPECTED_ATTRIBUTES_MD5 = "6054003a56b017f9a5e5a60776720965";

	@Test
	void receiveReturnsOnlyTheAttributesItAsksFor() {
		String queue = createQueue("filter");
		sqs().sendMessage(request -> request.queueUrl(queue).messageBody("x").messageAttributes(Map.of(
				"JobName", MessageAttributeValue.builder().dataType("String").stringValue("a").build(),
				"ContentType", MessageAttributeValue.builder().dataType("String").stringValue("json").build())))
			.join();
		Message message = sqs().receiveMessage(request -> request.queueUrl(queue)
			.messageAttributeNames("JobName")
			.messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).join().messages().get(0);
		assertThat(message.messageAttributes()).containsOnlyKeys("JobName");
		assertThat(message.attributes()).containsOnlyKeys(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
	}

}
