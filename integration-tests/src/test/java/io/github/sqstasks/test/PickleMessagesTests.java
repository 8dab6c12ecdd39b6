package io.github.sqstasks.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.PickleFixtures;
import io.github.sqstasks.core.PickleFixtures.Fixture;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages the Python library sqs-workers sent with its default codec, {@code pickle_compat}, and with
 * {@code pickle}, run their handlers with the same arguments as JSON; hostile pickles are dead-lettered at their first
 * attempt with their reason. On the in-memory SQS, with bodies and attributes exactly as sqs-workers sent them.
 */
@SqsTaskTest(tasks = PickleMessagesTests.Tasks.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.dead-letter-queue=dead", "sqs-tasks.defaults.max-receive-count=3" })
class PickleMessagesTests {

	@Autowired
	InMemorySqs sqs;

	@Autowired
	QueueResolver queues;

	@Autowired
	Tasks handlers;

	@BeforeEach
	void clear() {
		this.sqs.clear();
		this.handlers.runs.clear();
	}

	@Test
	void aPickleCompatMessageRunsItsHandlerWithItsArgumentsAndContext() {
		send("emails", PickleFixtures.named("pickle_compat with context"));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.runs).containsExactly("email to=a@b.c subject=Hi attempt=2 remote_addr=10.0.0.1");
		assertThat(this.sqs.deadLetters("emails")).isEmpty();
	}

	@Test
	void plainPythonValuesBindToHandlerParametersInBothCodecs() {
		send("plain", PickleFixtures.named("pickle_compat plain"));
		send("plain", PickleFixtures.named("pickle plain"));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.runs).hasSize(2).containsOnly("plain to=a@b.c count=3 ratio=0.25 large=1099511627776 "
				+ "active=true note=null tags=[x, y] point=[1, 2] depth=2");
	}

	@Test
	void pythonBytesBindToByteArrays() {
		send("bytes", PickleFixtures.named("pickle_compat bytes"));
		send("bytes", PickleFixtures.named("pickle bytes"));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.runs).hasSize(2).containsOnly("bytes data=10 empty=0 mutable=2");
	}

	@Test
	void aPickleThatCallsAFunctionIsDeadLetteredAtItsFirstAttemptWithItsReason() {
		Fixture shell = PickleFixtures.named("os.system via REDUCE");
		send("emails", shell);
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("emails")).singleElement().satisfies((dead) -> {
			assertThat(dead.body()).isEqualTo(shell.body());
			assertThat(dead.attributes().get(WireFormat.FAILURE_REASON)).contains("PoisonMessageException")
				.contains("for task 'record' on queue 'emails'")
				.contains("the body (pickle_compat) cannot be read: a reference to 'posix.system'")
				.contains("(opcode GLOBAL at byte 19)")
				.doesNotContain("attempts")
				.doesNotContain("echo pwned");
		});
		assertThat(this.sqs.enqueued("emails")).isEmpty();
		assertThat(this.handlers.runs).isEmpty();
	}

	@Test
	void aZlibBombIsDeadLetteredAtItsFirstAttempt() {
		send("emails", PickleFixtures.named("zlib bomb, small body"));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("emails")).singleElement()
			.satisfies((dead) -> assertThat(dead.attributes().get(WireFormat.FAILURE_REASON))
				.contains("inflates to more than the maximum size of 1048576 bytes"));
		assertThat(this.handlers.runs).isEmpty();
	}

	@Test
	void aPickledContextThatIsNotPlainDataIsDeadLetteredAtItsFirstAttempt() {
		Fixture valid = PickleFixtures.named("pickle_compat with context");
		send("emails", valid.body(), valid.contentType(), PickleFixtures.named("object instance").body());
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("emails")).singleElement()
			.satisfies((dead) -> assertThat(dead.attributes().get(WireFormat.FAILURE_REASON))
				.contains("the JobContext attribute (pickle_compat) cannot be read: a reference to '__main__.Account'"));
		assertThat(this.handlers.runs).isEmpty();
	}

	private void send(String queue, Fixture fixture) {
		send(queue, fixture.body(), fixture.contentType(), fixture.jobContext());
	}

	private void send(String queue, String body, String contentType, String jobContext) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put(WireFormat.JOB_NAME, string("record"));
		attributes.put(WireFormat.CONTENT_TYPE, string(contentType));
		if (jobContext != null) {
			attributes.put(WireFormat.JOB_CONTEXT, string(jobContext));
		}
		String url = this.queues.url(queue);
		this.sqs.client()
			.sendMessage((request) -> request.queueUrl(url).messageBody(body).messageAttributes(attributes))
			.join();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	record Nested(Map<String, Object> inner) {
	}

	static class Tasks {

		final List<String> runs = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "emails", name = "record")
		void email(String to, String subject, int attempt, TaskContext context) {
			this.runs.add("email to=" + to + " subject=" + subject + " attempt=" + attempt + " remote_addr="
					+ context.get("remote_addr"));
		}

		@SqsTask(queue = "plain", name = "record")
		void plain(String to, int count, double ratio, long large, boolean active, @org.jspecify.annotations.Nullable String note,
				List<String> tags, int[] point, Nested nested) {
			this.runs.add("plain to=" + to + " count=" + count + " ratio=" + ratio + " large=" + large + " active="
					+ active + " note=" + note + " tags=" + tags + " point=" + java.util.Arrays.toString(point)
					+ " depth=" + nested.inner().get("depth"));
		}

		@SqsTask(queue = "bytes", name = "record")
		void bytes(byte[] data, byte[] empty, byte[] mutable) {
			this.runs.add("bytes data=" + data.length + " empty=" + empty.length + " mutable=" + mutable.length);
		}

	}

}
