package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Generated malformed messages interleaved with good ones, on the embedded ElasticMQ: every good one is processed,
 * every bad one ends in the dead-letter queue, the worker keeps going, and no message chooses a Java class or a
 * method that is not a registered handler. {@code -Dhostile.count=1000} runs the long version.
 */
class HostileInputTests {

	private static final int COUNT = Integer.getInteger("hostile.count", 200);

	@Test
	void everyGoodMessageIsProcessedAndEveryBadOneIsDeadLettered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Target.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
					"sqs-tasks.queues.inbox.dead-letter-queue=inbox_dead", "sqs-tasks.queues.inbox.max-receive-count=1",
					"sqs-tasks.queues.inbox.concurrency=20", "logging.level.io.github.sqstasks=OFF")
			.run((context) -> {
				String url = context.getBean(QueueResolver.class).url("inbox");
				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				Random random = new Random(42);
				List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
				for (int i = 0; i < COUNT; i++) {
					entries.add(good(i));
					entries.add(bad(i, random));
				}
				for (int from = 0; from < entries.size(); from += 10) {
					List<SendMessageBatchRequestEntry> chunk = entries.subList(from, from + 10);
					sqs.sendMessageBatch((r) -> r.queueUrl(url).entries(chunk)).join();
				}

				Target target = context.getBean(Target.class);
				DeadLetterQueues deadLetters = context.getBean(DeadLetterQueues.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> target.ids.size() == COUNT
						&& deadLetters.depth("inbox") == COUNT);
				assertThat(target.ids).hasSize(COUNT);
				assertThat(target.unexpected).isEmpty();
			});
	}

	@Test
	void textThatSqsCannotCarryRawArrivesIntactThroughTheJsonEncoding() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Texts.class)
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix())
			.run((context) -> {
				// SQS (and ElasticMQ, measured) refuse a raw body with NUL, a lone surrogate or U+FFFF
				// (InvalidMessageContents), so such text, like invalid UTF-8, never reaches a worker raw. The JSON
				// encoding escapes control characters, so those arrive intact; a lone surrogate or U+FFFF is sent as
				// is, and the broker's refusal reaches the caller: never a silent drop.
				List<String> texts = List.of("nul \u0000 bell \u0007 escape \u001b");
				SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
				texts.forEach((text) -> template.addJob("texts", "text", Map.of("text", text)));
				for (String refused : List.of("lone surrogate \uD800", "\uFFFF")) {
					assertThatThrownBy(() -> template.addJob("texts", "text", Map.of("text", refused)))
						.isInstanceOf(JobSendException.class)
						.hasMessageContaining("'texts'");
				}
				Texts received = context.getBean(Texts.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.texts.size() == texts.size());
				assertThat(received.texts).containsExactlyInAnyOrderElementsOf(texts);
			});
	}

	private static SendMessageBatchRequestEntry good(int i) {
		Map<String, MessageAttributeValue> attributes = task("record");
		if (i % 7 == 0) {
			// A forged type attribute on a good message: ignored, never loaded as a class.
			attributes.put("JavaType", string("java.lang.ProcessBuilder"));
		}
		return entry("g" + i, "{\"id\":" + i + ",\"note\":\"ok\"}", attributes);
	}

	private static SendMessageBatchRequestEntry bad(int i, Random random) {
		String deep = "[".repeat(3000) + "]".repeat(3000);
		return switch (random.nextInt(10)) {
			case 0 -> entry("b" + i, "{\"id\":", task("record"));
			case 1 -> entry("b" + i, "{\"id\":" + deep + "}", task("record"));
			case 2 -> entry("b" + i, "{\"id\":1e400}", task("record"));
			case 3 -> entry("b" + i, "{\"id\":{\"nested\":true}}", task("record"));
			case 4 -> entry("b" + i, "{\"id\":1,\"note\":\"x\"}", task("getClass"));
			case 5 -> entry("b" + i, "{\"id\":1}", task("unannotated"));
			case 6 -> entry("b" + i, "{\"id\":1}", Map.of("ContentType", string("json")));
			case 7 -> {
				Map<String, MessageAttributeValue> attributes = task("record");
				attributes.put("ContentType", string("pickle"));
				yield entry("b" + i, "(dp0\nS'id'\np1\nI1\ns.", attributes);
			}
			case 8 -> entry("b" + i, "{\"@class\":\"java.lang.ProcessBuilder\",\"id\":\"x\"}", task("record"));
			default -> {
				Map<String, MessageAttributeValue> attributes = task("record");
				attributes.put("JobContext", string("[\"not\",\"an\",\"object\"]"));
				yield entry("b" + i, "{\"id\":" + i + "}", attributes);
			}
		};
	}

	private static Map<String, MessageAttributeValue> task(String name) {
		Map<String, MessageAttributeValue> attributes = new HashMap<>();
		attributes.put("JobName", string(name));
		attributes.put("ContentType", string("json"));
		return attributes;
	}

	private static SendMessageBatchRequestEntry entry(String id, String body, Map<String, MessageAttributeValue> a) {
		return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).messageAttributes(a).build();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	static class Texts {

		final List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();

		@SqsTask(queue = "texts")
		void text(String text) {
			this.texts.add(text);
		}

	}

	static class Target {

		final Set<Integer> ids = ConcurrentHashMap.newKeySet();

		final Set<String> unexpected = ConcurrentHashMap.newKeySet();

		@SqsTask(queue = "inbox")
		void record(int id, String note) {
			if (!this.ids.add(id) || !"ok".equals(note)) {
				this.unexpected.add(id + ":" + note);
			}
		}

		void unannotated(int id) {
			this.unexpected.add("unannotated " + id);
		}

	}

}
