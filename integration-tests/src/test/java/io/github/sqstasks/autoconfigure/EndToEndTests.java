package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A job sent with {@code addJob} runs its handler on the embedded ElasticMQ that the auto-configuration starts.
 */
@SpringBootTest(properties = { "sqs-tasks.queue-prefix=e2e-", "sqs-tasks.defaults.poll-timeout=1s",
		"sqs-tasks.defaults.backoff.initial=30s", "sqs-tasks.queues.outbox.concurrency=1" })
class EndToEndTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	QueueResolver queues;

	@Autowired
	Handlers handlers;

	@Test
	void jobIsProcessedOnceAndDeleted() {
		String id = this.tasks.addJob("emails", "send_email", Map.of("to", "a@b.c", "subject", "Hi"));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.sent.contains("a@b.c:Hi"));
		String url = this.queues.url("emails");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> SharedBroker.count(this.sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
					+ SharedBroker.count(this.sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 0);
		assertThat(this.handlers.sent).containsOnlyOnce("a@b.c:Hi");
		assertThat(this.handlers.messageIds).contains(id);
	}

	@Test
	void argumentsOfEverySupportedKindArriveIntact() {
		Map<String, Object> args = new java.util.HashMap<>();
		args.put("count", 42);
		args.put("ratio", 0.5);
		args.put("flag", true);
		args.put("name", "Zoë ✓");
		args.put("customer", new Customer("c-1", List.of("vip", "eu")));
		args.put("lines", List.of(new Line("sku-1", 2), new Line("sku-2", 1)));
		args.put("stock", Map.of("sku-1", List.of(1, 2, 3)));
		args.put("day", LocalDate.of(2026, 11, 23));
		args.put("at", Instant.parse("2026-11-23T10:15:30.123Z"));
		args.put("note", "present");

		try (TaskContext.Scope scope = TaskContext.with("request_id", "r-7")) {
			this.tasks.addJob("kinds", "everything", args);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.kinds.size() == 1);
		Kinds received = this.handlers.kinds.get(0);
		assertThat(received.count()).isEqualTo(42);
		assertThat(received.ratio()).isEqualTo(0.5);
		assertThat(received.flag()).isTrue();
		assertThat(received.name()).isEqualTo("Zoë ✓");
		assertThat(received.customer()).isEqualTo(new Customer("c-1", List.of("vip", "eu")));
		assertThat(received.lines()).containsExactly(new Line("sku-1", 2), new Line("sku-2", 1));
		assertThat(received.stock()).isEqualTo(Map.of("sku-1", List.of(1, 2, 3)));
		assertThat(received.day()).isEqualTo(LocalDate.of(2026, 11, 23));
		assertThat(received.at()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
		assertThat(received.note()).contains("present");
		assertThat(received.missing()).isEmpty();
		assertThat(received.context().get("request_id")).isEqualTo("r-7");
		assertThat(received.message().taskName()).isEqualTo("everything");
		assertThat(received.message().queue()).isEqualTo("kinds");
		assertThat(received.message().receiveCount()).isEqualTo(1);
		assertThat(received.currentContext()).isEqualTo("r-7");
	}

	@Test
	void handlerExceptionLeavesTheMessageInTheQueue() {
		this.tasks.addJob("flaky", "explode", Map.of("reason", "boom"));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.explosions.get() == 1);
		String url = this.queues.url("flaky");
		// Backoff of 30 s keeps it invisible, but it is still there: not deleted.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> SharedBroker.count(this.sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 1);
		assertThat(this.handlers.explosions.get()).isEqualTo(1);
	}

	@Test
	void messagesFollowTheWireFormat() {
		try (TaskContext.Scope scope = TaskContext.with("tenant", "acme")) {
			Map<String, Object> args = new java.util.LinkedHashMap<>();
			args.put("event", "login");
			args.put("user", 7);
			this.tasks.addJob("outbox", "audit", args);
		}
		String url = this.queues.url("outbox");
		List<Message> received = this.sqs
			.receiveMessage((r) -> r.queueUrl(url).messageAttributeNames("All").waitTimeSeconds(5))
			.join()
			.messages();

		assertThat(received).hasSize(1);
		Message message = received.get(0);
		assertThat(message.body()).isEqualTo("{\"event\":\"login\",\"user\":7}");
		assertThat(message.messageAttributes()).containsOnlyKeys("JobName", "ContentType", "JobContext");
		assertThat(message.messageAttributes().get("JobName").stringValue()).isEqualTo("audit");
		assertThat(message.messageAttributes().get("ContentType").stringValue()).isEqualTo("json");
		assertThat(message.messageAttributes().get("JobContext").stringValue()).isEqualTo("{\"tenant\":\"acme\"}");
		assertThat(message.messageAttributes().get("JobName").dataType()).isEqualTo("String");
	}

	@Test
	void unknownBodyKeysAreIgnoredByTheConsumer() {
		this.sqs.sendMessage((r) -> r.queueUrl(this.queues.url("emails"))
			.messageBody("{\"to\":\"x@y.z\",\"subject\":\"Extra\",\"sent_by\":\"python\"}")
			.messageAttributes(Map.of("JobName", string("send_email"), "ContentType", string("json"))))
			.join();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.sent.contains("x@y.z:Extra"));
	}

	@Test
	void producerRefusesArgumentsTheLocalHandlerDoesNotTake() {
		assertThatThrownBy(() -> this.tasks.addJob("emails", "send_email", Map.of("to", "a@b.c", "subjet", "typo")))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("unknown arguments [subjet]")
			.hasMessageContaining("missing arguments [subject]")
			.hasMessageContaining("Nothing was sent");
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	@Test
	void rawQueuesReceiveBodiesAsTheyAreWhateverTheirFormatAndAttributes() {
		String event = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}";
		this.tasks.addRawJob("cron", event);
		this.tasks.addRawJob("cron", "not json at all");
		this.sqs.sendMessage((r) -> r.queueUrl(this.queues.url("audit"))
			.messageBody("line 1")
			.messageAttributes(Map.of("JobName", string("whatever"), "ContentType", string("pickle"))))
			.join();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.handlers.rawBodies.size() == 2
				&& this.handlers.rawMessages.size() == 1);
		assertThat(this.handlers.rawBodies).containsExactlyInAnyOrder(event, "not json at all");
		TaskMessage audit = this.handlers.rawMessages.get(0);
		assertThat(audit.body()).isEqualTo("line 1");
		assertThat(audit.queue()).isEqualTo("audit");
		assertThat(audit.attributes()).containsEntry("ContentType", "pickle");
	}

	@Test
	void prefixIsPrependedToQueueNames() {
		assertThat(this.queues.url("emails")).endsWith("/e2e-emails");
		List<String> urls = this.sqs.listQueues((r) -> r.queueNamePrefix("e2e-")).join().queueUrls();
		assertThat(urls).anySatisfy((url) -> assertThat(url).endsWith("/e2e-kinds"));
		assertThat(urls).noneSatisfy((url) -> assertThat(url).endsWith("/emails"));
	}

	record Customer(String id, List<String> tags) {
	}

	record Line(String sku, int quantity) {
	}

	record Kinds(int count, double ratio, boolean flag, String name, Customer customer, List<Line> lines,
			Map<String, List<Integer>> stock, LocalDate day, Instant at, Optional<String> note,
			Optional<String> missing, TaskContext context, TaskMessage message, String currentContext) {
	}

	static class Handlers {

		final List<String> sent = new CopyOnWriteArrayList<>();

		final List<String> messageIds = new CopyOnWriteArrayList<>();

		final List<Kinds> kinds = new CopyOnWriteArrayList<>();

		final AtomicInteger explosions = new AtomicInteger();

		final Map<String, String> audits = new ConcurrentHashMap<>();

		final List<String> rawBodies = new CopyOnWriteArrayList<>();

		final List<TaskMessage> rawMessages = new CopyOnWriteArrayList<>();

		@SqsRawTask(queue = "cron")
		void tick(String body) {
			this.rawBodies.add(body);
		}

		@SqsRawTask(queue = "audit")
		void audit(TaskMessage message) {
			this.rawMessages.add(message);
		}

		@SqsTask(queue = "emails", name = "send_email")
		void sendEmail(String to, String subject, TaskMessage message) {
			this.sent.add(to + ":" + subject);
			this.messageIds.add(message.messageId());
		}

		@SqsTask(queue = "kinds")
		void everything(int count, double ratio, boolean flag, String name, Customer customer, List<Line> lines,
				Map<String, List<Integer>> stock, LocalDate day, Instant at, Optional<String> note,
				Optional<String> missing, TaskContext context, TaskMessage message) {
			this.kinds.add(new Kinds(count, ratio, flag, name, customer, lines, stock, day, at, note, missing, context,
					message, TaskContext.current().get("request_id")));
		}

		@SqsTask(queue = "flaky")
		void explode(String reason) {
			this.explosions.incrementAndGet();
			throw new IllegalStateException(reason);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class App {

	}

}
