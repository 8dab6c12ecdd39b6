package io.github.sqstasks.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a producer controls (body, {@code JobName}, {@code JobContext}) cannot grow memory or metrics, forge log lines,
 * overwrite the application's MDC entries, leak bodies into error logs, or escape the retry limit; messages that can
 * never succeed are dead-lettered at their first attempt. On the in-memory SQS.
 */
@SqsTaskTest(tasks = { HostileMessagesTests.Tasks.class, SimpleMeterRegistry.class })
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false",
		"sqs-tasks.defaults.dead-letter-queue=dead", "sqs-tasks.defaults.max-receive-count=3",
		"sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead.fifo", "sqs-tasks.max-delay=30d" })
class HostileMessagesTests {

	private static final String SECRET = "hunter2-secret";

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	QueueResolver queues;

	@Autowired
	TaskCounters counters;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Tasks handlers;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.log.start();
		library().addAppender(this.log);
		this.sqs.clear();
		this.handlers.runs.clear();
	}

	@AfterEach
	void releaseLogs() {
		library().detachAppender(this.log);
	}

	@Test
	void unknownTaskNamesAreCountedUnderOneNameInCountersAndMetrics() {
		for (int i = 0; i < 300; i++) {
			send("names", "{}", Map.of(WireFormat.JOB_NAME, "unknown-" + i + "x".repeat(1000)));
		}
		send("names", "{}", Map.of(WireFormat.JOB_NAME, "named"));
		this.sqs.processUntilIdle();

		assertThat(this.counters.byTask("names")).containsOnlyKeys("named", TaskRegistry.UNKNOWN_TASK);
		assertThat(this.counters.count("names", TaskRegistry.UNKNOWN_TASK, TaskOutcome.RETRIED)).isEqualTo(300);
		assertThat(this.meters.find("sqstasks.task.outcomes").tag("queue", "names").counters())
			.extracting((c) -> c.getId().getTag("task"))
			.containsOnly("named", TaskRegistry.UNKNOWN_TASK);
	}

	@Test
	void jobNamesOnARawQueueAreCountedUnderTheRawHandler() {
		for (int i = 0; i < 50; i++) {
			send("raw", "payload " + i, Map.of(WireFormat.JOB_NAME, "forged-" + i));
		}
		this.sqs.processUntilIdle();

		assertThat(this.counters.byTask("raw")).containsOnlyKeys("raw");
		assertThat(this.counters.count("raw", "raw", TaskOutcome.SUCCEEDED)).isEqualTo(50);
		assertThat(this.meters.find("sqstasks.task.duration").tag("queue", "raw").timers())
			.extracting((t) -> t.getId().getTag("task"))
			.containsOnly("raw");
	}

	@Test
	void aDelayOnAFifoQueueCarriedInTheReservedKeyIsPoison() {
		long inAnHour = this.sqs.clock().instant().plus(Duration.ofHours(1)).toEpochMilli();
		send("orders.fifo", "{\"n\":1}", Map.of(WireFormat.JOB_NAME, "ship", WireFormat.JOB_CONTEXT,
				"{\"_sqs_tasks_not_before\":\"" + inAnHour + "\"}"), "customer-1");
		send("orders.fifo", "{\"n\":2}", Map.of(WireFormat.JOB_NAME, "ship"), "customer-1");
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("orders.fifo")).singleElement().satisfies((dead) -> {
			assertThat(dead.body()).isEqualTo("{\"n\":1}");
			assertThat(dead.attributes().get(WireFormat.FAILURE_REASON)).contains("FIFO queue");
		});
		assertThat(this.handlers.runs).containsExactly("ship 2");
		assertThat(this.sqs.enqueued("orders.fifo")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"-9223372036854775808\"", "-1", "\"99999999999999999999\"", "\"soon\"", "1.5",
			"{\"a\":1}", "\"\"" })
	void aMalformedReservedDeliveryTimeIsPoison(String value) {
		send("inbox", "{\"n\":1}",
				Map.of(WireFormat.JOB_NAME, "count", WireFormat.JOB_CONTEXT, "{\"_sqs_tasks_not_before\":" + value + "}"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("inbox")).singleElement()
			.satisfies((dead) -> assertThat(dead.attributes().get(WireFormat.FAILURE_REASON))
				.contains("_sqs_tasks_not_before"));
		assertThat(this.handlers.runs).isEmpty();
		assertThat(this.sqs.enqueued("inbox")).isEmpty();
	}

	@Test
	void aReservedDeliveryTimeBeyondTheLongestDelayIsPoison() {
		long tooFar = this.sqs.clock().instant().plus(Duration.ofDays(31)).toEpochMilli();
		send("inbox", "{\"n\":1}",
				Map.of(WireFormat.JOB_NAME, "count", WireFormat.JOB_CONTEXT, "{\"_sqs_tasks_not_before\":\"" + tooFar + "\"}"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("inbox")).singleElement()
			.satisfies((dead) -> assertThat(dead.attributes().get(WireFormat.FAILURE_REASON))
				.contains("sqs-tasks.max-delay"));
		assertThat(this.handlers.runs).isEmpty();
	}

	@Test
	void aDelayLongerThanTheLongestDelayIsRefusedWhenSent() {
		assertThatThrownBy(() -> this.tasks.addJob("inbox", "count", Map.of("n", 1),
				JobOptions.defaults().delay(Duration.ofSeconds(10_000_000_000_000_000L))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("queue 'inbox'")
			.hasMessageContaining("a delay of 10000000000000000 s")
			.hasMessageContaining("sqs-tasks.max-delay, PT720H (2592000 s)");
		assertThatThrownBy(() -> this.tasks.addJob("inbox", "count", Map.of("n", 1),
				JobOptions.defaults().at(this.sqs.clock().instant().plus(Duration.ofDays(31)))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("sqs-tasks.max-delay");
		assertThat(this.sqs.enqueued("inbox")).isEmpty();
	}

	@Test
	void controlCharactersFromTheProducerAreEscapedInEveryLogLine() {
		send("inbox", "{}", Map.of(WireFormat.JOB_NAME, "evil\nERROR forged line\r\u0085"));
		send("inbox", "{\"text\":\"a\\nERROR forged by an argument\"}", Map.of(WireFormat.JOB_NAME, "echo"));
		send("inbox", "{", Map.of(WireFormat.JOB_NAME, "count\nERROR forged by a poison message"));
		this.sqs.processUntilIdle();

		assertThat(this.log.list).isNotEmpty();
		assertThat(this.log.list).allSatisfy((event) -> {
			assertThat(event.getFormattedMessage()).doesNotContain("\nERROR", "\r", "\u0085");
			for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
				assertThat(proxy.getMessage()).doesNotContain("\nERROR");
			}
		});
		assertThat(messages()).anyMatch((line) -> line.contains("evil\\nERROR forged line\\r\\u0085"))
			.anyMatch((line) -> line.contains("a\\nERROR forged by an argument"));
	}

	@Test
	void contextEntriesFromTheProducerReachTheMdcOnlyUnderThePrefix() {
		send("inbox", "{\"n\":1}", Map.of(WireFormat.JOB_NAME, "mdc", WireFormat.JOB_CONTEXT,
				"{\"traceId\":\"forged\",\"user\":\"mallory\\nERROR x\"}"));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.runs).containsExactly("mdc traceId=null user=null ctx.traceId=forged "
				+ "ctx.user=mallory\\u000aERROR x context.user=mallory\nERROR x");
	}

	@ParameterizedTest
	@ValueSource(strings = { "password=" + SECRET, "[\"" + SECRET + "\"]", "{\"n\":1,\"n\":2}", "{\"n\":1} {\"n\":2}",
			"\"" + SECRET + "\"" })
	void aBodyThatIsNotOneStrictJsonObjectIsDeadLetteredAtItsFirstAttempt(String body) {
		send("inbox", body, Map.of(WireFormat.JOB_NAME, "count"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("inbox")).singleElement().satisfies((dead) -> {
			assertThat(dead.body()).isEqualTo(body);
			assertThat(dead.attributes().get(WireFormat.FAILURE_REASON)).contains("PoisonMessageException")
				.doesNotContain(SECRET);
		});
		assertThat(this.handlers.runs).isEmpty();
		assertThat(messages()).noneMatch((line) -> line.contains(SECRET));
	}

	@Test
	void aContentTypeThatIsNotReadIsDeadLetteredAtItsFirstAttempt() {
		send("inbox", "{\"n\":1}", Map.of(WireFormat.JOB_NAME, "count", WireFormat.CONTENT_TYPE, "yaml"));
		send("inbox", "{\"n\":2}", Map.of(WireFormat.JOB_NAME, "count", WireFormat.JOB_CONTEXT, "[1]"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("inbox")).extracting((dead) -> dead.attributes().get(WireFormat.FAILURE_REASON))
			.anySatisfy((reason) -> assertThat(reason).contains("ContentType 'yaml'; only 'json', 'pickle' and "
					+ "'pickle_compat' are supported"))
			.anySatisfy((reason) -> assertThat(reason).contains("the JobContext attribute is not a JSON object"));
		assertThat(this.handlers.runs).isEmpty();
	}

	@Test
	void errorsADeployCanCureKeepTheRetryPolicy() {
		send("inbox", "{\"n\":1}", Map.of(WireFormat.JOB_NAME, "not_deployed_yet"));
		send("inbox", "{}", Map.of(WireFormat.JOB_NAME, "count"));
		send("inbox", "{\"n\":\"" + SECRET + "\"}", Map.of(WireFormat.JOB_NAME, "count"));
		send("inbox", "{\"n\":1.5}", Map.of(WireFormat.JOB_NAME, "count"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("inbox")).isEmpty();
		assertThat(this.sqs.enqueued("inbox")).hasSize(4).allSatisfy((message) -> assertThat(message.receiveCount()).isOne());
		assertThat(this.counters.count("inbox", "count", TaskOutcome.RETRIED)).isEqualTo(3);
		assertThat(this.handlers.runs).isEmpty();
		assertThat(messages()).anyMatch((line) -> line.contains("argument 'n' cannot be read as int: the JSON is a "
				+ "decimal number"));
		assertThat(messages()).noneMatch((line) -> line.contains(SECRET));

		this.sqs.advance(Duration.ofMinutes(1));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofMinutes(1));
		this.sqs.processUntilIdle();
		assertThat(this.sqs.deadLetters("inbox")).hasSize(4).allSatisfy((dead) -> assertThat(
				dead.attributes().get(WireFormat.FAILURE_REASON)).contains("(after 3 attempts)").doesNotContain(SECRET));
	}

	private List<String> messages() {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : this.log.list) {
			lines.add(event.getFormattedMessage());
			for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
				lines.add(proxy.getMessage());
			}
		}
		return lines;
	}

	private void send(String queue, String body, Map<String, String> attributes) {
		send(queue, body, attributes, null);
	}

	private void send(String queue, String body, Map<String, String> attributes, String groupId) {
		Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		String url = this.queues.url(queue);
		this.sqs.client().sendMessage((request) -> {
			request.queueUrl(url).messageBody(body).messageAttributes(values);
			if (groupId != null) {
				request.messageGroupId(groupId).messageDeduplicationId(body);
			}
		}).join();
	}

	private static Logger library() {
		return (Logger) LoggerFactory.getLogger("io.github.sqstasks");
	}

	static class Tasks {

		final List<String> runs = new CopyOnWriteArrayList<>();

		final AtomicInteger counts = new AtomicInteger();

		@SqsTask(queue = "inbox")
		void count(int n) {
			this.runs.add("count " + n);
		}

		@SqsTask(queue = "names")
		void named() {
		}

		@SqsTask(queue = "inbox")
		void echo(String text) {
			throw new IllegalArgumentException("cannot echo " + text);
		}

		@SqsTask(queue = "inbox")
		void mdc(int n) {
			this.runs.add("mdc traceId=" + MDC.get("traceId") + " user=" + MDC.get("user") + " ctx.traceId="
					+ MDC.get("ctx.traceId") + " ctx.user=" + MDC.get("ctx.user") + " context.user="
					+ TaskContext.current().get("user"));
		}

		@SqsTask(queue = "orders.fifo")
		void ship(int n) {
			this.runs.add("ship " + n);
		}

		@SqsRawTask(queue = "raw")
		void raw(TaskMessage message) {
			this.counts.incrementAndGet();
		}

	}

}
