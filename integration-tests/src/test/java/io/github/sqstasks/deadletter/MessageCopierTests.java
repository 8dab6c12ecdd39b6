package io.github.sqstasks.deadletter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redrive by re-sending, on the in-memory SQS: a copy is never larger than the dead letter it comes from.
 */
class MessageCopierTests {

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient();

	private final QueueResolver queues = new QueueResolver(this.sqs, "");

	@Test
	void aDeadLetterAtTheSizeLimitGoesBackWithoutItsFailureReason() {
		this.sqs.createQueue((r) -> r.queueName("work")).join();
		this.sqs.createQueue((r) -> r.queueName("work_dead")).join();
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put(WireFormat.JOB_NAME, string("work"));
		attributes.put(WireFormat.FAILURE_REASON, string("java.lang.IllegalStateException: " + "r".repeat(4000)));
		String body = "b".repeat((int) (MessageCopy.MAX_MESSAGE_BYTES - MessageCopy.size("", attributes)));
		String deadUrl = this.queues.url("work_dead");
		this.sqs.sendMessage((r) -> r.queueUrl(deadUrl).messageBody(body).messageAttributes(attributes)).join();

		long moved = new MessageCopier(this.sqs, this.queues).moveAll("work_dead", "work");

		assertThat(moved).isEqualTo(1);
		String url = this.queues.url("work");
		List<Message> back = this.sqs
			.receiveMessage((r) -> r.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
			.join()
			.messages();
		assertThat(back).singleElement().satisfies((message) -> {
			assertThat(message.body()).isEqualTo(body);
			assertThat(message.messageAttributes()).containsOnlyKeys(WireFormat.JOB_NAME);
		});
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
