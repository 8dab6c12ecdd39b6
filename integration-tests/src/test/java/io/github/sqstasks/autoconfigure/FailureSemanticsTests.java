package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.deadletter.InPlaceResult;
import io.github.sqstasks.deadletter.RedriveResult;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens when work fails, on the embedded ElasticMQ: backoff through the visibility timeout, dead-letter
 * queues with reasons, poison messages beside good ones, long tasks, redrive.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureSemanticsTests {

	private final RecordingClient recording = new RecordingClient();

	private final String prefix = SharedBroker.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.recording.client)
		.withBean(Tasks.class)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.defaults.backoff.jitter=false");

	@Test
	void doNotRetryGoesStraightToTheDeadLetterQueue() {
		this.runner.withPropertyValues("sqs-tasks.queues.fatal.dead-letter-queue=fatal_dead").run((context) -> {
			tasks(context).addJob("fatal", "refuse", Map.of("n", 9));

			Message dead = awaitOne(context, "fatal_dead", Duration.ofSeconds(10));
			assertThat(dead.messageAttributes().get("FailureReason").stringValue())
				.isEqualTo("DoNotRetry: address is blocked");
			assertThat(context.getBean(Tasks.class).calls.get("refuse")).hasValue(1);
		});
	}

	@Test
	void withoutADeadLetterQueueAGivenUpMessageIsLoggedWithItsBodyAndDeleted(CapturedOutput output) {
		this.runner.run((context) -> {
			tasks(context).addJob("nodlq", "refuse", Map.of("n", 42));

			await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("io.github.sqstasks.failed")
					|| output.toString().contains("Dropped Task 'refuse'"));
			assertThat(output).contains("Dropped Task 'refuse'").contains("Body: {\"n\":42}");
			String url = context.getBean(QueueResolver.class).url("nodlq");
			await().atMost(Duration.ofSeconds(5)).until(() -> total(context, url) == 0);
		});
	}

	@Test
	void poisonMessagesEndInTheDeadLetterQueueAndGoodOnesBesideThemAreProcessed() {
		this.runner
			.withPropertyValues("sqs-tasks.queues.mixed.dead-letter-queue=mixed_dead",
					"sqs-tasks.queues.mixed.max-receive-count=1")
			.run((context) -> {
				String url = context.getBean(QueueResolver.class).url("mixed");
				List<SendMessageBatchRequestEntry> poison = List.of(entry("p1", "{not json", "good"),
						entry("p2", "{\"text\":\"x\"}", null), entry("p3", "{\"text\":\"x\"}", "nope"),
						entryWithType("p4", "{\"text\":\"x\"}", "good", "yaml"), entry("p5", "{}", "good"),
						entry("p6", "{\"text\":[1,2]}", "good"), entry("p7", " ", "good"),
						entry("p8", "\uFFFD\uFFFD", "good"), entry("p9", "[1,2]", "good"));
				List<SendMessageBatchRequestEntry> good = List.of(entry("g1", "{\"text\":\"one\"}", "good"),
						entry("g2", "{\"text\":\"two\",\"extra\":1}", "good"));
				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				List<SendMessageBatchRequestEntry> first = new java.util.ArrayList<>(poison.subList(0, 5));
				first.add(2, good.get(0));
				List<SendMessageBatchRequestEntry> second = new java.util.ArrayList<>(poison.subList(5, 9));
				second.add(1, good.get(1));
				sqs.sendMessageBatch((r) -> r.queueUrl(url).entries(first)).join();
				sqs.sendMessageBatch((r) -> r.queueUrl(url).entries(second)).join();

				await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(Tasks.class).texts.size() == 2);
				assertThat(context.getBean(Tasks.class).texts).containsExactlyInAnyOrder("one", "two");
				List<String> reasons = awaitMessages(context, "mixed_dead", 9, Duration.ofSeconds(20)).stream()
					.map((m) -> m.messageAttributes().get("FailureReason").stringValue())
					.toList();
				assertThat(reasons).anySatisfy((r) -> assertThat(r).contains("is not valid JSON"))
					.anySatisfy((r) -> assertThat(r).contains("has no JobName attribute"))
					.anySatisfy((r) -> assertThat(r).contains("is for task 'nope', which has no handler"))
					.anySatisfy((r) -> assertThat(r).contains("ContentType 'yaml'"))
					.anySatisfy((r) -> assertThat(r).contains("missing argument 'text'"))
					.anySatisfy((r) -> assertThat(r).contains("argument 'text' cannot be read as java.lang.String"))
					.anySatisfy((r) -> assertThat(r).contains("the body is empty"))
					.anySatisfy((r) -> assertThat(r).contains("expected an object of named arguments"));
				assertThat(reasons).allSatisfy((r) -> assertThat(r).contains("queue 'mixed'"));
			});
	}

	@Test
	void aTaskLongerThanItsVisibilityTimeoutRunsOnceWithTwoWorkersPolling() {
		// 3 s task, 2 s visibility: the heartbeat (every 1 s) must keep it from the second worker
		ApplicationContextRunner worker = this.runner.withPropertyValues("sqs-tasks.queues.slow.visibility-timeout=2s");
		worker.run((first) -> worker.run((second) -> {
			tasks(first).addJob("slow", "slow", Map.of("n", 1));

			await().atMost(Duration.ofSeconds(15))
				.until(() -> first.getBean(Tasks.class).succeeded.contains("slow")
						|| second.getBean(Tasks.class).succeeded.contains("slow"));
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> first.getBean(Tasks.class).calls
				.getOrDefault("slow", new AtomicInteger()).get()
					+ second.getBean(Tasks.class).calls.getOrDefault("slow", new AtomicInteger()).get() == 1);
		}));
	}

	@Test
	void redriveMovesDeadLetteredMessagesBackAndTheyAreProcessed() {
		this.runner.withPropertyValues("sqs-tasks.queues.redo.dead-letter-queue=redo_dead").run((context) -> {
			Tasks tasks = context.getBean(Tasks.class);
			tasks.refuseRedo.set(true);
			tasks(context).addJob("redo", "redo", Map.of("n", 1));
			tasks(context).addJob("redo", "redo", Map.of("n", 2));
			DeadLetterQueues deadLetters = context.getBean(DeadLetterQueues.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.depth("redo") == 2);

			tasks.refuseRedo.set(false);
			RedriveResult result = deadLetters.redrive("redo");

			assertThat(result.moved()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(10)).until(() -> tasks.redone.size() == 2);
			assertThat(tasks.redone).containsExactlyInAnyOrder(1, 2);
			assertThat(deadLetters.depth("redo")).isZero();
		});
	}

	@Test
	void aDeadLetterQueueCanBeProcessedInPlaceWithTheSourceQueuesHandlers() {
		this.runner
			.withPropertyValues("sqs-tasks.queues.inplace.dead-letter-queue=inplace_dead",
					"sqs-tasks.listener.queues=always")
			.run((context) -> {
				String deadUrl = context.getBean(QueueResolver.class).url("inplace_dead");
				context.getBean(SqsAsyncClient.class).sendMessageBatch((r) -> r.queueUrl(deadUrl)
					.entries(entry("a", "{\"text\":\"rescued\"}", "good"), entry("b", "{\"text\":[]}", "good"))).join();

				InPlaceResult result = context.getBean(DeadLetterQueues.class).processInPlace("inplace");

				assertThat(result.succeeded()).isEqualTo(1);
				assertThat(result.failed()).isEqualTo(1);
				assertThat(context.getBean(Tasks.class).texts).containsExactly("rescued");
			});
	}

	@Test
	void aDeleteOnStartQueueNeverRetries(CapturedOutput output) {
		this.runner.withPropertyValues("sqs-tasks.queues.once.delete-on-start=true").run((context) -> {
			tasks(context).addJob("once", "once", Map.of("n", 1));

			await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("deletes on start"));
			String url = context.getBean(QueueResolver.class).url("once");
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
				.until(() -> context.getBean(Tasks.class).calls.get("once").get() == 1 && total(context, url) == 0);
		});
	}

	@Test
	void aRedrivePolicyThatDiffersFromTheConfigurationIsReportedAtStartup(CapturedOutput output) {
		SqsAsyncClient sqs = this.recording.client;
		sqs.createQueue((r) -> r.queueName(this.prefix + "manual")).join();
		sqs.createQueue((r) -> r.queueName(this.prefix + "manual_dead")).join();
		this.runner
			.withPropertyValues("sqs-tasks.create-queues=false", "sqs-tasks.listener.enabled=false",
					"sqs-tasks.queues.manual.dead-letter-queue=manual_dead")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Queue '" + this.prefix + "manual' (sqs-tasks queue 'manual'): sqs-tasks "
						+ "configures dead-letter queue 'manual_dead' but the queue has no RedrivePolicy");
			});
	}

	private static SqsTaskTemplate tasks(ConfigurableApplicationContext context) {
		return context.getBean(SqsTaskTemplate.class);
	}

	private static int total(ConfigurableApplicationContext context, String url) {
		SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
		return SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				+ SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	private static Message awaitOne(ConfigurableApplicationContext context, String queue, Duration timeout) {
		return awaitMessages(context, queue, 1, timeout).get(0);
	}

	private static List<Message> awaitMessages(ConfigurableApplicationContext context, String queue, int count,
			Duration timeout) {
		String url = context.getBean(QueueResolver.class).url(queue);
		SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
		List<Message> received = new CopyOnWriteArrayList<>();
		await().atMost(timeout).until(() -> {
			received.addAll(sqs.receiveMessage((r) -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
				.visibilityTimeout(120).messageAttributeNames("All")).join().messages());
			return received.size() >= count;
		});
		return received;
	}

	private static SendMessageBatchRequestEntry entry(String id, String body, String task) {
		return entryWithType(id, body, task, "json");
	}

	private static SendMessageBatchRequestEntry entryWithType(String id, String body, String task, String type) {
		Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
		attributes.put("ContentType", MessageAttributeValue.builder().dataType("String").stringValue(type).build());
		if (task != null) {
			attributes.put("JobName", MessageAttributeValue.builder().dataType("String").stringValue(task).build());
		}
		return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).messageAttributes(attributes).build();
	}

	static class Tasks {

		final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		final List<String> succeeded = new CopyOnWriteArrayList<>();

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<Integer> redone = new CopyOnWriteArrayList<>();

		final AtomicBoolean refuseRedo = new AtomicBoolean();

		private int count(String task) {
			return this.calls.computeIfAbsent(task, (k) -> new AtomicInteger()).incrementAndGet();
		}

		@SqsTask(queue = "always")
		void fail(int n) {
			count("fail");
			throw new IllegalStateException("always fails");
		}

		@SqsTask(queue = "later")
		void retryOnce(int n) {
			if (count("retryOnce") == 1) {
				throw new RetryLater(Duration.ofSeconds(2));
			}
			this.succeeded.add("retryOnce");
		}

		@SqsTask(queue = "fatal")
		void refuse(int n) {
			count("refuse");
			throw new DoNotRetry("address is blocked");
		}

		@SqsTask(queue = "nodlq", name = "refuse")
		void refuseWithoutDeadLetterQueue(int n) {
			throw new DoNotRetry("nowhere to go");
		}

		@SqsTask(queue = "mixed", name = "good")
		void good(String text) {
			this.texts.add(text);
		}

		@SqsTask(queue = "inplace", name = "good")
		void goodInPlace(String text) {
			this.texts.add(text);
		}

		@SqsTask(queue = "slow")
		void slow(int n) throws InterruptedException {
			count("slow");
			Thread.sleep(3000);
			this.succeeded.add("slow");
		}

		@SqsTask(queue = "redo")
		void redo(int n) {
			if (this.refuseRedo.get()) {
				throw new DoNotRetry("not yet");
			}
			this.redone.add(n);
		}

		@SqsTask(queue = "once")
		void once(int n) {
			count("once");
			throw new IllegalStateException("once only");
		}

	}

}
