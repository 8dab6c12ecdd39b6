package io.github.sqstasks.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every SQS backend of this project must show, written against the {@code SqsAsyncClient} interface
 * only: this level checks the service's limits and errors, the levels above it everything else.
 */
abstract class SqsConformanceTests extends FifoConformanceTests {

	private static final int ONE_MIB = 1_048_576;

	@Test
	void batchOfElevenEntriesIsRefused() {
		String queue = createQueue("eleven");
		assertThat(failure(sqs().sendMessageBatch(request -> request.queueUrl(queue).entries(entries(11, "x")))))
			.isInstanceOf(TooManyEntriesInBatchRequestException.class);
	}

	@Test
	void emptyBatchAndRepeatedEntryIdsAreRefused() {
		String queue = createQueue("bad-batch");
		assertRefused(Limit.EMPTY_BATCH,
				sqs().sendMessageBatch(request -> request.queueUrl(queue).entries(List.of())));
		SendMessageBatchRequestEntry entry = SendMessageBatchRequestEntry.builder().id("same").messageBody("b").build();
		assertThat(failure(sqs().sendMessageBatch(request -> request.queueUrl(queue).entries(entry, entry))))
			.isInstanceOf(BatchEntryIdsNotDistinctException.class);
	}

	@Test
	void messageOfOneMebibyteIsAcceptedAndOneByteMoreIsRefused() {
		String queue = createQueue("size");
		send(queue, "x".repeat(ONE_MIB));
		assertRefused(Limit.MESSAGE_SIZE,
				sqs().sendMessage(request -> request.queueUrl(queue).messageBody("x".repeat(ONE_MIB + 1))));
	}

	@Test
	void attributesCountTowardsTheSizeLimit() {
		String queue = createQueue("size-attributes");
		Map<String, MessageAttributeValue> attributes = Map.of("Name",
				MessageAttributeValue.builder().dataType("String").stringValue("v").build());
		assertRefused(Limit.MESSAGE_SIZE_WITH_ATTRIBUTES, sqs().sendMessage(request -> request.queueUrl(queue)
			.messageBody("x".repeat(ONE_MIB - 5))
			.messageAttributes(attributes)));
	}

	@Test
	void elevenMessageAttributesAreRefused() {
		String queue = createQueue("many-attributes");
		Map<String, MessageAttributeValue> attributes = new HashMap<>();
		for (int i = 0; i < 11; i++) {
			attributes.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
		}
		assertRefused(Limit.ATTRIBUTE_COUNT, sqs().sendMessage(request -> request.queueUrl(queue)
			.messageBody("x")
			.messageAttributes(attributes)));
	}

	@Test
	void visibilityTimeoutOverTwelveHoursIsRefused() {
		String queue = createQueue("long-visibility");
		send(queue, "m");
		Message message = receive(queue, 1).get(0);
		assertRefused(Limit.CHANGED_VISIBILITY, sqs().changeMessageVisibility(request -> request.queueUrl(queue)
			.receiptHandle(message.receiptHandle())
			.visibilityTimeout(43_201)));
		assertRefused(Limit.RECEIVE_VISIBILITY,
				sqs().receiveMessage(request -> request.queueUrl(queue).visibilityTimeout(43_201)));
	}

	@Test
	void delayOverFifteenMinutesIsRefused() {
		String queue = createQueue("long-delay");
		assertRefused(Limit.DELAY,
				sqs().sendMessage(request -> request.queueUrl(queue).messageBody("m").delaySeconds(901)));
	}

	@Test
	void waitTimeOverTwentySecondsIsRefused() {
		String queue = createQueue("long-wait");
		assertRefused(Limit.WAIT_TIME, sqs().receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(21)));
	}

	@Test
	void missingQueueIsReportedAsQueueDoesNotExist() {
		String existing = createQueue("exists");
		String missing = existing.substring(0, existing.lastIndexOf('/') + 1) + "no-such-queue";
		assertThat(failure(sqs().sendMessage(request -> request.queueUrl(missing).messageBody("x"))))
			.isInstanceOf(QueueDoesNotExistException.class);
		assertThat(failure(sqs().getQueueUrl(request -> request.queueName("no-such-queue"))))
			.isInstanceOf(QueueDoesNotExistException.class);
	}

}
