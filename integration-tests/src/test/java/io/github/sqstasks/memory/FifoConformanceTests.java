package io.github.sqstasks.memory;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance tests for FIFO queues: order within a group, group blocking, deduplication and their errors.
 */
abstract class FifoConformanceTests extends QueueConformanceTests {

	protected SendMessageResponse sendFifo(String queue, String body, String group, String deduplicationId) {
		return sqs().sendMessage(request -> request.queueUrl(queue)
			.messageBody(body)
			.messageGroupId(group)
			.messageDeduplicationId(deduplicationId)).join();
	}

	@Test
	void fifoQueueDeliversAGroupInOrderAndBlocksItWhileAMessageIsInFlight() {
		String queue = createQueue("ordered.fifo");
		for (int i = 1; i <= 3; i++) {
			sendFifo(queue, "a" + i, "A", "a" + i);
		}
		sendFifo(queue, "b1", "B", "b1");
		Message first = receive(queue, 1).get(0);
		assertThat(first.body()).isEqualTo("a1");
		assertThat(first.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "A")
			.containsKeys(MessageSystemAttributeName.SEQUENCE_NUMBER, MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
		List<Message> next = receive(queue, 10);
		assertThat(next).extracting(Message::body).containsExactly("b1");
		delete(queue, first);
		assertThat(receive(queue, 10)).extracting(Message::body).containsExactly("a2", "a3");
	}

	@Test
	void fifoQueueDropsADuplicateDeduplicationIdButReturnsTheOriginalMessageId() {
		String queue = createQueue("dedup.fifo");
		SendMessageResponse original = sendFifo(queue, "one", "G", "same");
		SendMessageResponse duplicate = sendFifo(queue, "two", "G", "same");
		assertThat(duplicate.messageId()).isEqualTo(original.messageId());
		assertThat(receive(queue, 10)).extracting(Message::body).containsExactly("one");
	}

	@Test
	void contentBasedDeduplicationDropsTheSameBody() {
		String queue = createQueue("content.fifo", Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
		String first = sqs().sendMessage(request -> request.queueUrl(queue).messageBody("same").messageGroupId("G"))
			.join()
			.messageId();
		String second = sqs().sendMessage(request -> request.queueUrl(queue).messageBody("same").messageGroupId("G"))
			.join()
			.messageId();
		sqs().sendMessage(request -> request.queueUrl(queue).messageBody("other").messageGroupId("G")).join();
		assertThat(second).isEqualTo(first);
		assertThat(receive(queue, 10)).extracting(Message::body).containsExactly("same", "other");
	}

	@Test
	void fifoQueueRequiresAMessageGroupId() {
		String queue = createQueue("no-group.fifo");
		assertThat(errorCode(sqs().sendMessage(request -> request.queueUrl(queue)
			.messageBody("x")
			.messageDeduplicationId("d")))).isEqualTo("MissingParameter");
	}

	@Test
	void fifoQueueRefusesAPerMessageDelay() {
		String queue = createQueue("no-delay.fifo");
		assertThat(errorCode(sqs().sendMessage(request -> request.queueUrl(queue)
			.messageBody("x")
			.messageGroupId("G")
			.messageDeduplicationId("d")
			.delaySeconds(5)))).isEqualTo("InvalidParameterValue");
	}

}
