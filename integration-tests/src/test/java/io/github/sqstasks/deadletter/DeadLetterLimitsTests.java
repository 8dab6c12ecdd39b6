package io.github.sqstasks.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.test.EnqueuedTask;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters whose content pushes the limits, on the in-memory SQS: messages at the size limit, reasons SQS would
 * refuse, and in-place processing that outlasts the dead-letter queue's visibility timeout.
 */
@SqsTaskTest(tasks = DeadLetterLimitsTests.Tasks.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false",
		"sqs-tasks.queues.huge.dead-letter-queue=huge_dead", "sqs-tasks.queues.huge.max-receive-count=3",
		"sqs-tasks.queues.strange.dead-letter-queue=strange_dead",
		"sqs-tasks.queues.rescue.dead-letter-queue=rescue_dead",
		"sqs-tasks.queues.small.dead-letter-queue=small_dead", "sqs-tasks.queues.small_dead.max-message-size=2KB" })
class DeadLetterLimitsTests {

	/** Past the minute a dead-letter queue's messages stay hidden after a receive of processInPlace. */
	private static final Duration PAST_VISIBILITY_TIMEOUT = Duration.ofSeconds(61);

	/** How long a test waits for the listener before it fails; the machine may be busy. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	InMemorySqs sqs;

	@Autowired
	QueueResolver queues;

	@Autowired
	DeadLetterQueues deadLetters;

	@Autowired
	Tasks handlers;

	@BeforeEach
	void clean() {
		this.sqs.clear();
		this.handlers.calls.set(0);
	}

	@Test
	void aMessageAtTheSizeLimitWhoseHandlerKeepsFailingEndsInTheDeadLetterQueueWithItsBody() {
		String body = sendTaskOfSize("huge", "huge", MessageCopy.MAX_MESSAGE_BYTES - 4);

		awaitRetryIn("huge", 1, Duration.ofSeconds(1));
		this.sqs.advance(Duration.ofSeconds(1));
		awaitRetryIn("huge", 2, Duration.ofSeconds(2));
		this.sqs.advance(Duration.ofSeconds(2));
		awaitMoved("huge");

		assertThat(this.handlers.calls).hasValue(3);
		assertThat(this.sqs.deadLetters("huge")).singleElement().satisfies((dead) -> {
			assertThat(dead.body()).isEqualTo(body);
			assertThat(dead.taskName()).isEqualTo("huge");
			assertThat(dead.attributes()).doesNotContainKey(WireFormat.FAILURE_REASON);
		});
	}

	@Test
	void aReasonWithCharactersSqsRefusesStillMovesTheMessageWithThemReplaced() {
		sendTaskOfSize("strange", "strange", 100);

		awaitMoved("strange");

		assertThat(this.sqs.deadLetters("strange")).singleElement()
			.satisfies((dead) -> assertThat(dead.attributes().get(WireFormat.FAILURE_REASON))
				.isEqualTo("DoNotRetry: control \ufffd and lone surrogate \ufffd"));
	}

	@Test
	void theDeadLetterQueuesConfiguredMaxMessageSizeBoundsTheCopyWithItsReason() {
		sendTaskOfSize("small", "small", 1900);

		await().atMost(WAIT).until(() -> !this.sqs.deadLetters("small").isEmpty());

		String url = this.queues.url("small_dead");
		assertThat(this.sqs.client()
			.receiveMessage((r) -> r.queueUrl(url).messageAttributeNames("All"))
			.join()
			.messages()).singleElement().satisfies((dead) -> {
				assertThat(dead.messageAttributes().get(WireFormat.FAILURE_REASON).stringValue())
					.startsWith("DoNotRetry: too small").endsWith("... (truncated)");
				assertThat(MessageCopy.size(dead.body(), dead.messageAttributes())).isBetween(2038L, 2048L);
			});
	}

	@Test
	void processingInPlaceTriesEachMessageOnceWhenFailedOnesComeBackDuringTheCall() {
		for (int i = 0; i < 12; i++) {
			sendToDeadLetterQueue("rescue_dead", (i % 4 == 0) ? "ok-" + i : "fail-" + i);
		}

		InPlaceResult result = this.deadLetters.processInPlace("rescue");

		assertThat(result.succeeded()).isEqualTo(3);
		assertThat(result.failed()).isEqualTo(9);
		assertThat(this.handlers.calls).hasValue(12);
		List<EnqueuedTask> stillDead = this.sqs.deadLetters("rescue");
		assertThat(stillDead).hasSize(9).allSatisfy((dead) -> assertThat(dead.body()).contains("fail-"));
	}

	@Test
	void processingInPlaceLeavesTheFailedMessagesItMetAgainVisible() {
		sendToDeadLetterQueue("rescue_dead", "fail-1");
		sendToDeadLetterQueue("rescue_dead", "fail-2");

		InPlaceResult result = this.deadLetters.processInPlace("rescue");

		assertThat(result.failed()).isEqualTo(2);
		assertThat(this.sqs.deadLetters("rescue")).hasSize(2)
			.allSatisfy((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE));
	}

	/**
	 * Waits until a queue's message has left it for its dead-letter queue.
	 */
	private void awaitMoved(String queue) {
		await().atMost(WAIT)
			.until(() -> this.sqs.enqueued(queue).isEmpty() && !this.sqs.deadLetters(queue).isEmpty());
	}

	/**
	 * Waits until a queue's only message has failed its attempt and waits for its retry, so that moving the clock
	 * by the delay brings it back.
	 */
	private void awaitRetryIn(String queue, int attempts, Duration delay) {
		await().atMost(WAIT).until(() -> this.handlers.calls.get() == attempts && this.sqs.enqueued(queue)
			.stream()
			.anyMatch((job) -> job.visibleAt().equals(this.sqs.clock().instant().plus(delay))));
	}

	/**
	 * Sends a task message of exactly the given size as SQS counts it (body plus attributes), with one argument.
	 */
	private String sendTaskOfSize(String queue, String task, int size) {
		Map<String, MessageAttributeValue> attributes = Map.of(WireFormat.JOB_NAME, string(task),
				WireFormat.CONTENT_TYPE, string(WireFormat.JSON), WireFormat.JOB_CONTEXT, string("{}"));
		long overhead = MessageCopy.size("{\"text\":\"\"}", attributes);
		String body = "{\"text\":\"" + "b".repeat((int) (size - overhead)) + "\"}";
		assertThat(MessageCopy.size(body, attributes)).isEqualTo(size);
		String url = this.queues.url(queue);
		this.sqs.client().sendMessage((r) -> r.queueUrl(url).messageBody(body).messageAttributes(attributes)).join();
		return body;
	}

	private void sendToDeadLetterQueue(String queue, String text) {
		String url = this.queues.url(queue);
		this.sqs.client()
			.sendMessage((r) -> r.queueUrl(url)
				.messageBody("{\"text\":\"" + text + "\"}")
				.messageAttributes(Map.of(WireFormat.JOB_NAME, string("rescue"), WireFormat.CONTENT_TYPE,
						string(WireFormat.JSON))))
			.join();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	static class Tasks {

		/** Calls after which the failing in-place handler stops moving the clock: a pass that loops then ends. */
		private static final int CLOCK_MOVES = 40;

		final AtomicInteger calls = new AtomicInteger();

		@Autowired
		InMemorySqs sqs;

		@SqsTask(queue = "huge")
		void huge(String text) {
			this.calls.incrementAndGet();
			throw new IllegalStateException("cannot handle " + "y".repeat(100_000));
		}

		@SqsTask(queue = "strange")
		void strange(String text) {
			throw new DoNotRetry("control \u0001 and lone surrogate \udc00");
		}

		@SqsTask(queue = "small")
		void small(String text) {
			throw new DoNotRetry("too small " + "z".repeat(1000));
		}

		@SqsTask(queue = "rescue")
		void rescue(String text) {
			if (text.startsWith("fail-")) {
				// A slow failure: the dead-letter queue's failed messages become visible again during the call.
				if (this.calls.incrementAndGet() <= CLOCK_MOVES) {
					this.sqs.advance(PAST_VISIBILITY_TIMEOUT);
				}
				throw new IllegalStateException("still failing: " + text);
			}
			this.calls.incrementAndGet();
		}

	}

}
