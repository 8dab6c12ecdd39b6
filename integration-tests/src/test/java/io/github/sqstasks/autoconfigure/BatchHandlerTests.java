package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.BatchFailure;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @SqsTask(batch = true)} handlers, on the embedded ElasticMQ.
 */
class BatchHandlerTests {

	private final RecordingClient recording = new RecordingClient();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.recording.client)
		.withBean(Handlers.class)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(), "sqs-tasks.defaults.backoff.jitter=false",
				"sqs-tasks.defaults.backoff.initial=1s", "sqs-tasks.defaults.max-receive-count=2",
				"sqs-tasks.defaults.dead-letter-queue=dead");

	@Test
	void aBatchHandlerReceivesSeveralMessagesAtOnceAsArgumentRecords() {
		this.runner.run((context) -> {
			sendBatch(context, "bulk", 0, 10);

			Handlers handlers = context.getBean(Handlers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.items().size() == 10);
			assertThat(handlers.items()).extracting(Item::sku).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4",
					"s5", "s6", "s7", "s8", "s9");
			assertThat(handlers.batches).anySatisfy((batch) -> assertThat(batch).hasSizeGreaterThan(1));
			await().atMost(Duration.ofSeconds(5)).until(() -> inQueue(context, "bulk") == 0);
		});
	}

	@Test
	void whenABatchHandlerThrowsNoMessageOfTheBatchIsDeleted() {
		this.runner.run((context) -> {
			Handlers handlers = context.getBean(Handlers.class);
			handlers.explode.set(true);
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			String url = context.getBean(QueueResolver.class).url("whole");
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				entries.add(SendMessageBatchRequestEntry.builder().id("w" + i).messageBody("{}")
					.messageAttributes(Map.of("JobName", string("whole"), "ContentType", string("json"))).build());
			}
			context.getBean(SqsAsyncClient.class).sendMessageBatch((r) -> r.queueUrl(url).entries(entries)).join();

			await().atMost(Duration.ofSeconds(10))
				.until(() -> handlers.failedCalls.stream().mapToInt(List::size).sum() == 5);
			handlers.explode.set(false);
			// Nothing was deleted: every message comes back (after 1 s of backoff) and succeeds on its second attempt.
			await().atMost(Duration.ofSeconds(15)).until(() -> handlers.received.size() == 5);
			assertThat(handlers.receiveCounts).containsOnly(2);
			assertThat(tasks).isNotNull();
		});
	}

	@Test
	void aBatchFailureRetriesOnlyTheItemsItNames() {
		this.runner.run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			for (int i = 0; i < 6; i++) {
				tasks.addJob("partial", "partial", Map.of("sku", "p" + i, "quantity", (i % 2 == 0) ? 1 : -1));
			}

			Handlers handlers = context.getBean(Handlers.class);
			DeadLetterQueues deadLetters = context.getBean(DeadLetterQueues.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.depth("partial") == 3);
			assertThat(handlers.accepted).containsExactlyInAnyOrder("p0", "p2", "p4");
			assertThat(handlers.rejected).containsOnly("p1", "p3", "p5");
			assertThat(handlers.rejected).hasSize(6);
			await().atMost(Duration.ofSeconds(5)).until(() -> inQueue(context, "partial") == 0);
		});
	}

	@Test
	void aMessageThatCannotBeBoundFailsAloneAndTheRestOfItsBatchIsProcessed() {
		this.runner.run((context) -> {
			String url = context.getBean(QueueResolver.class).url("bulk");
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			entries.add(entry("bad", "{\"sku\":\"x\",\"quantity\":\"many\"}"));
			for (int i = 0; i < 4; i++) {
				entries.add(entry("ok" + i, "{\"sku\":\"ok" + i + "\",\"quantity\":1}"));
			}
			context.getBean(SqsAsyncClient.class).sendMessageBatch((r) -> r.queueUrl(url).entries(entries)).join();

			Handlers handlers = context.getBean(Handlers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.items().size() == 4);
			await().atMost(Duration.ofSeconds(15)).until(() -> context.getBean(DeadLetterQueues.class).depth("bulk") == 1);
			assertThat(handlers.items()).extracting(Item::sku).doesNotContain("x");
		});
	}

	private static void sendBatch(ConfigurableApplicationContext context, String queue, int from, int to) {
		String url = context.getBean(QueueResolver.class).url(queue);
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = from; i < to; i++) {
			entries.add(entry("e" + i, "{\"sku\":\"s" + i + "\",\"quantity\":" + i + "}"));
		}
		context.getBean(SqsAsyncClient.class).sendMessageBatch((r) -> r.queueUrl(url).entries(entries)).join();
	}

	private static SendMessageBatchRequestEntry entry(String id, String body) {
		return SendMessageBatchRequestEntry.builder()
			.id(id)
			.messageBody(body)
			.messageAttributes(Map.of("JobName", string("bulk"), "ContentType", string("json")))
			.build();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static int inQueue(ConfigurableApplicationContext context, String queue) {
		String url = context.getBean(QueueResolver.class).url(queue);
		SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
		return SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				+ SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	record Item(String sku, int quantity) {
	}

	static class Handlers {

		final List<List<Item>> batches = new CopyOnWriteArrayList<>();

		final List<List<TaskMessage>> failedCalls = new CopyOnWriteArrayList<>();

		final List<TaskMessage> received = new CopyOnWriteArrayList<>();

		final List<Integer> receiveCounts = new CopyOnWriteArrayList<>();

		final List<String> accepted = new CopyOnWriteArrayList<>();

		final List<String> rejected = new CopyOnWriteArrayList<>();

		final AtomicBoolean explode = new AtomicBoolean();

		List<Item> items() {
			return this.batches.stream().flatMap(List::stream).toList();
		}

		@SqsTask(queue = "bulk", name = "bulk", batch = true)
		void bulk(List<Item> items) {
			this.batches.add(items);
		}

		@SqsTask(queue = "whole", name = "whole", batch = true)
		void whole(List<TaskMessage> messages) {
			if (this.explode.get()) {
				this.failedCalls.add(messages);
				throw new IllegalStateException("the whole batch fails");
			}
			this.received.addAll(messages);
			messages.forEach((message) -> this.receiveCounts.add(message.receiveCount()));
		}

		@SqsTask(queue = "bulk", name = "single")
		void single(String sku) {
		}

		@SqsTask(queue = "partial", name = "partial", batch = true)
		void partial(List<Item> items) {
			List<Integer> failed = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				if (items.get(i).quantity() < 0) {
					failed.add(i);
					this.rejected.add(items.get(i).sku());
				}
				else {
					this.accepted.add(items.get(i).sku());
				}
			}
			if (!failed.isEmpty()) {
				throw new BatchFailure(failed, "negative quantity");
			}
		}

	}

}
