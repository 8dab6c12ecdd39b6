package io.github.sqstasks.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jobs on FIFO queues: message groups, deduplication by id or by content, and the checks made before sending.
 */
@SuppressWarnings("try")
class FifoTests {

	private final RecordingInterceptor recorder = new RecordingInterceptor();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder);

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	@Test
	void jobsOfOneGroupArriveInOrder() {
		String url = fifoQueue("orders.fifo", false);
		for (int i = 0; i < 15; i++) {
			this.tasks.addJob("orders.fifo", "ship", Map.of("n", i),
					JobOptions.defaults().groupId("customer-42").deduplicationId("order-" + i));
		}

		List<Integer> received = new ArrayList<>();
		for (int attempt = 0; attempt < 10 && received.size() < 15; attempt++) {
			for (Message message : TestSqs.receive(this.sqs, url)) {
				assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("customer-42");
				received.add(Integer.parseInt(message.body().replaceAll("\\D", "")));
				this.sqs.deleteMessage((r) -> r.queueUrl(url).receiptHandle(message.receiptHandle())).join();
			}
		}
		assertThat(received).isSorted().hasSize(15);
	}

	@Test
	void aRepeatedDeduplicationIdIsDeliveredOnce() {
		String url = fifoQueue("orders.fifo", false);
		JobOptions options = JobOptions.defaults().deduplicationId("order-7");
		this.tasks.addJob("orders.fifo", "ship", Map.of("n", 1), options);
		this.tasks.addJob("orders.fifo", "ship", Map.of("n", 2), options);

		List<Message> messages = TestSqs.receive(this.sqs, url);
		assertThat(messages).extracting(Message::body).containsExactly("{\"n\":1}");
		assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
			.isEqualTo(MessageFactory.DEFAULT_GROUP);
	}

	@Test
	void contentBasedDeduplicationNeedsNoIdAndIsLookedUpOnce() {
		String url = fifoQueue("events.fifo", true);
		this.recorder.clear();
		this.tasks.addJob("events.fifo", "record", Map.of("n", 1));
		this.tasks.addJob("events.fifo", "record", Map.of("n", 1));
		this.tasks.addJob("events.fifo", "record", Map.of("n", 2));

		assertThat(this.recorder.requests(GetQueueAttributesRequest.class)).hasSize(1);
		assertThat(this.recorder.requests(SendMessageRequest.class)).hasSize(3)
			.allSatisfy((request) -> assertThat(request.messageDeduplicationId()).isNull());
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body).containsExactly("{\"n\":1}", "{\"n\":2}");
	}

	@Test
	void aMissingDeduplicationIdIsRefusedBeforeSending() {
		fifoQueue("orders.fifo", false);
		this.recorder.clear();

		assertThatThrownBy(() -> this.tasks.addJob("orders.fifo", "ship", Map.of("n", 1)))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("Cannot send task 'ship' to FIFO queue 'orders.fifo' without a deduplication id")
			.hasMessageContaining("deduplicationId(...)")
			.hasMessageContaining("ContentBasedDeduplication");
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
	}

	@Test
	void groupAndDeduplicationIdsAreRefusedOnStandardQueues() {
		TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());

		assertThatThrownBy(() -> this.tasks.addJob("emails", "send", Map.of(), JobOptions.defaults().groupId("g")))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("those are for FIFO queues");
	}

	@Test
	void fifoJobsCanBeBatched() {
		String url = fifoQueue("orders.fifo", false);
		this.recorder.clear();
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int i = 0; i < 3; i++) {
				this.tasks.addJob("orders.fifo", "ship", Map.of("n", i), JobOptions.defaults().deduplicationId("b-" + i));
			}
		}
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body)
			.containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
	}

	private String fifoQueue(String name, boolean contentBased) {
		return TestSqs.createQueue(this.sqs, this.prefix + name, Map.of(QueueAttributeName.FIFO_QUEUE, "true",
				QueueAttributeName.CONTENT_BASED_DEDUPLICATION, Boolean.toString(contentBased)));
	}

}
