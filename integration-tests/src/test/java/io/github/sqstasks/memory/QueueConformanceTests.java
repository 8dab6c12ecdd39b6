package io.github.sqstasks.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Conformance tests for queues: delays, dead-letter redrive, message move tasks, counts, purge and queue management.
 */
abstract class QueueConformanceTests extends MessageConformanceTests {

	@Test
	void queueDelayHidesNewMessagesUntilItEnds() {
		String queue = createQueue("queue-delay", Map.of(QueueAttributeName.DELAY_SECONDS, "1"));
		send(queue, "later");
		assertThat(receive(queue, 1)).isEmpty();
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).isEqualTo("1");
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).extracting(Message::body).containsExactly("later");
	}

	@Test
	void messageDelayHidesOnlyThatMessage() {
		String queue = createQueue("message-delay");
		sqs().sendMessage(request -> request.queueUrl(queue).messageBody("delayed").delaySeconds(1)).join();
		send(queue, "now");
		assertThat(receive(queue, 10)).extracting(Message::body).containsExactly("now");
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 10)).extracting(Message::body).containsExactly("delayed");
	}

	@Test
	void messageMovesToTheDeadLetterQueueAfterMaxReceiveCount() {
		String deadLetters = createQueue("dlq");
		String queue = createQueue("redrive", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
				QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetters, 2)));
		String id = send(queue, "poison");
		assertThat(receive(queue, 1)).hasSize(1);
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).singleElement().satisfies(message -> assertThat(receiveCount(message)).isEqualTo(2));
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).isEmpty();
		List<Message> dead = receiveAll(deadLetters, 1);
		assertThat(dead).singleElement().satisfies(message -> {
			assertThat(message.messageId()).isEqualTo(id);
			assertThat(message.body()).isEqualTo("poison");
		});
	}

	protected String redrivePolicy(String deadLetterQueue, int maxReceiveCount) {
		return "{\"deadLetterTargetArn\":\"" + arnOf(deadLetterQueue) + "\",\"maxReceiveCount\":\"" + maxReceiveCount
				+ "\"}";
	}

	@Test
	void deadLetterQueueListsItsSourceQueues() {
		String deadLetters = createQueue("dlq-sources");
		String queue = createQueue("source", Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetters, 3)));
		assertThat(sqs().listDeadLetterSourceQueues(request -> request.queueUrl(deadLetters)).join().queueUrls())
			.containsExactly(queue);
	}

	@Test
	void messageMoveTaskReturnsDeadLettersToTheirSourceQueue() {
		String deadLetters = createQueue("dlq-move");
		String queue = createQueue("move", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
				QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetters, 1)));
		send(queue, "retry me");
		assertThat(receive(queue, 1)).hasSize(1);
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).isEmpty();
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
				attribute(deadLetters, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1"));
		String handle = sqs().startMessageMoveTask(request -> request.sourceArn(arnOf(deadLetters))).join().taskHandle();
		assertThat(handle).isNotBlank();
		List<Message> back = receiveAll(queue, 1);
		assertThat(back).extracting(Message::body).containsExactly("retry me");
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sqs()
			.listMessageMoveTasks(request -> request.sourceArn(arnOf(deadLetters))).join().results())
			.singleElement()
			.satisfies(task -> assertThat(task.status()).isEqualTo("COMPLETED")));
	}

	@Test
	void approximateCountsTellVisibleInFlightAndDelayedMessagesApart() {
		String queue = createQueue("counts");
		send(queue, "visible");
		send(queue, "in flight");
		sqs().sendMessage(request -> request.queueUrl(queue).messageBody("delayed").delaySeconds(60)).join();
		assertThat(sqs().receiveMessage(request -> request.queueUrl(queue)).join().messages()).hasSize(1);
		var attributes = sqs().getQueueAttributes(request -> request.queueUrl(queue)
			.attributeNames(QueueAttributeName.ALL)).join().attributes();
		assertThat(attributes).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
			.containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1")
			.containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1")
			.containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30")
			.containsEntry(QueueAttributeName.DELAY_SECONDS, "0")
			.containsKeys(QueueAttributeName.QUEUE_ARN, QueueAttributeName.CREATED_TIMESTAMP,
					QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS);
	}

	@Test
	void purgeRemovesEveryMessage() {
		String queue = createQueue("purge");
		send(queue, "a");
		send(queue, "b");
		assertThat(receive(queue, 1)).hasSize(1);
		sqs().purgeQueue(request -> request.queueUrl(queue)).join();
		await().atMost(3, TimeUnit.SECONDS).untilAsserted(() -> {
			assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
			assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
		});
		assertThat(receive(queue, 10)).isEmpty();
	}

	@Test
	void createQueueIsIdempotentWithTheSameAttributesAndRefusesOthers() {
		String queue = createQueue("idempotent", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"));
		String name = queue.substring(queue.lastIndexOf('/') + 1);
		assertThat(sqs().createQueue(request -> request.queueName(name)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).join().queueUrl()).isEqualTo(queue);
		assertThat(failure(sqs().createQueue(request -> request.queueName(name)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "46")))))
			.isInstanceOf(QueueNameExistsException.class);
	}

	@Test
	void queuesAreFoundByNameListedByPrefixAndDeleted() {
		String queue = createQueue("listed");
		String name = queue.substring(queue.lastIndexOf('/') + 1);
		assertThat(sqs().getQueueUrl(request -> request.queueName(name)).join().queueUrl()).isEqualTo(queue);
		assertThat(sqs().listQueues(request -> request.queueNamePrefix(name)).join().queueUrls()).containsExactly(queue);
		sqs().deleteQueue(request -> request.queueUrl(queue)).join();
		await().atMost(3, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
				failure(sqs().getQueueUrl(request -> request.queueName(name))))
			.isInstanceOf(QueueDoesNotExistException.class));
	}

	@Test
	void setQueueAttributesChangesTheDefaults() {
		String queue = createQueue("settable");
		sqs().setQueueAttributes(request -> request.queueUrl(queue)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).join();
		assertThat(attribute(queue, QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("1");
		send(queue, "m");
		assertThat(receive(queue, 1)).hasSize(1);
		elapse(Duration.ofSeconds(1));
		assertThat(receive(queue, 1)).singleElement()
			.satisfies(message -> assertThat(message.attributes())
				.containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2"));
	}

}
