package io.github.sqstasks.listener;

import java.util.Map;

import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter copy of a failed message always fits: its failure reason is cut or left out rather than costing
 * the move, on the in-memory SQS, which refuses what SQS refuses.
 */
class DeadLetterSenderTests {

	private static final int MAX = MessageCopy.MAX_MESSAGE_BYTES;

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient();

	private final QueueResolver queues = new QueueResolver(this.sqs, "");

	private final DeadLetterSender sender = new DeadLetterSender(this.sqs, this.queues);

	@Test
	void aReasonThatDoesNotFitBesideALargeMessageIsCutToTheRoomLeftAndMarked() {
		createQueue("dead", Map.of());
		Message message = message(MAX - 300);

		this.sender.send("dead", message, "java.lang.IllegalStateException: " + "x".repeat(10_000));

		Message dead = receiveOne("dead");
		assertThat(dead.body()).isEqualTo(message.body());
		assertThat(reason(dead)).startsWith("java.lang.IllegalStateException: xxx").endsWith("... (truncated)");
		assertThat(MessageCopy.size(dead.body(), dead.messageAttributes())).isBetween(MAX - 10L, (long) MAX);
	}

	@Test
	void aReasonWithNoRoomLeftIsLeftOutAndTheMessageStillMoves() {
		createQueue("dead", Map.of());
		Message message = message(MAX - 4);

		this.sender.send("dead", message, "java.lang.IllegalStateException: " + "x".repeat(10_000));

		Message dead = receiveOne("dead");
		assertThat(dead.body()).isEqualTo(message.body());
		assertThat(dead.messageAttributes()).containsOnlyKeys(WireFormat.JOB_NAME, WireFormat.CONTENT_TYPE,
				WireFormat.JOB_CONTEXT);
	}

	@Test
	void aLongReasonIsCutToFourKilobytesEvenWhenThereIsRoom() {
		createQueue("dead", Map.of());

		this.sender.send("dead", message(100), "DoNotRetry: " + "\u00e9".repeat(100_000));

		String reason = reason(receiveOne("dead"));
		assertThat(reason).startsWith("DoNotRetry: \u00e9\u00e9").endsWith("... (truncated)");
		assertThat(utf8Length(reason)).isBetween(4096 - 1, 4096);
	}

	@Test
	void charactersSqsRefusesInAReasonAreReplaced() {
		createQueue("dead", Map.of());

		this.sender.send("dead", message(100), "DoNotRetry: nul \u0000 bell \u0007 lone \ud800 pair \ud83d\ude00 end");

		assertThat(reason(receiveOne("dead")))
			.isEqualTo("DoNotRetry: nul \ufffd bell \ufffd lone \ufffd pair \ud83d\ude00 end");
	}

	@Test
	void theConfiguredLimitOfTheDeadLetterQueueBoundsTheReason() {
		createQueue("dead", Map.of());
		this.sender.setMaxMessageBytes((queue) -> queue.equals("dead") ? 2048 : MAX);
		Message message = message(2000);

		this.sender.send("dead", message, "DoNotRetry: " + "x".repeat(1000));

		Message dead = receiveOne("dead");
		assertThat(reason(dead)).endsWith("... (truncated)");
		assertThat(MessageCopy.size(dead.body(), dead.messageAttributes())).isBetween(2048 - 10L, 2048L);
	}

	@Test
	void aDeadLetterQueueWithASmallerLimitThanConfiguredGetsTheMessageWithoutItsReason() {
		createQueue("dead", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
		Message message = message(1000);

		this.sender.send("dead", message, "DoNotRetry: " + "x".repeat(1000));

		Message dead = receiveOne("dead");
		assertThat(dead.body()).isEqualTo(message.body());
		assertThat(dead.messageAttributes()).doesNotContainKey(WireFormat.FAILURE_REASON);
	}

	@Test
	void theNewReasonReplacesTheOneAMessageCarriesFromAnEarlierDeadLetterQueue() {
		createQueue("dead", Map.of());
		Message original = message(MAX - 100);
		Map<String, MessageAttributeValue> attributes = new java.util.LinkedHashMap<>(original.messageAttributes());
		attributes.put(WireFormat.FAILURE_REASON, string("first failure"));
		Message redriven = original.toBuilder().messageAttributes(attributes).build();

		this.sender.send("dead", redriven, "second failure");

		assertThat(reason(receiveOne("dead"))).isEqualTo("second failure");
	}

	/**
	 * Returns a task message of exactly the given size as SQS counts it.
	 */
	private static Message message(int size) {
		Map<String, MessageAttributeValue> attributes = Map.of(WireFormat.JOB_NAME, string("work"),
				WireFormat.CONTENT_TYPE, string(WireFormat.JSON), WireFormat.JOB_CONTEXT, string("{}"));
		String frame = "{\"text\":\"\"}";
		long overhead = MessageCopy.size(frame, attributes);
		String body = "{\"text\":\"" + "b".repeat((int) (size - overhead)) + "\"}";
		assertThat(MessageCopy.size(body, attributes)).isEqualTo(size);
		return Message.builder().messageId("m-1").body(body).messageAttributes(attributes).build();
	}

	private void createQueue(String name, Map<QueueAttributeName, String> attributes) {
		this.sqs.createQueue((r) -> r.queueName(name).attributes(attributes)).join();
	}

	private Message receiveOne(String queue) {
		String url = this.queues.url(queue);
		return this.sqs.receiveMessage((r) -> r.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
			.join()
			.messages()
			.stream()
			.reduce((a, b) -> {
				throw new AssertionError("More than one message in " + queue);
			})
			.orElseThrow(() -> new AssertionError("No message in " + queue));
	}

	private static String reason(Message message) {
		MessageAttributeValue reason = message.messageAttributes().get(WireFormat.FAILURE_REASON);
		assertThat(reason).as("FailureReason of message %s", message.messageId()).isNotNull();
		return reason.stringValue();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static int utf8Length(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
	}

}
