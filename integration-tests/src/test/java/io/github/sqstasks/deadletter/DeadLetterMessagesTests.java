package io.github.sqstasks.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.EnqueuedTask;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Looking at, replaying and discarding single dead letters on the in-memory SQS, standard and FIFO.
 */
@SqsTaskTest(tasks = DeadLetterMessagesTests.Tasks.class)
@TestPropertySource(properties = { "sqs-tasks.queues.jobs.dead-letter-queue=jobs_dead",
		"sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead.fifo" })
class DeadLetterMessagesTests {

	/** How long a test waits for the listener before it fails; the machine may be busy. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	InMemorySqs sqs;

	@Autowired
	QueueResolver queues;

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	DeadLetterQueues deadLetters;

	@Autowired
	Tasks handlers;

	@BeforeEach
	void clean() {
		this.sqs.clear();
		this.handlers.done.clear();
		this.handlers.refuse.set(true);
		this.handlers.refusals.set(0);
		this.handlers.received.clear();
	}

	@Test
	void peekShowsTheTaskReasonAndBodyOfEachDeadLetter() {
		failJobs("a", "b");

		List<DeadLetter> peeked = this.deadLetters.peek("jobs", 10);

		assertThat(peeked).hasSize(2).allSatisfy((dead) -> {
			assertThat(dead.taskName()).isEqualTo("job");
			assertThat(dead.failureReason()).startsWith("DoNotRetry: refused");
			assertThat(dead.sentAt()).isNotNull();
			assertThat(dead.receiveCount()).isEqualTo(1);
		});
		assertThat(peeked).extracting(DeadLetter::body)
			.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"b\"}");
	}

	@Test
	void peekLeavesEveryMessageInTheDeadLetterQueueAndVisible() {
		failJobs("a", "b", "c");

		this.deadLetters.peek("jobs", 10);

		assertThat(this.sqs.deadLetters("jobs")).hasSize(3)
			.allSatisfy((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE));
	}

	@Test
	void peekShowsTheContextWithoutReservedKeys() {
		sendToDeadLetterQueue("jobs_dead", "{\"tenant\":\"t1\",\"_sqs_tasks_due\":\"1\"}");

		assertThat(this.deadLetters.peek("jobs", 1)).singleElement()
			.satisfies((dead) -> assertThat(dead.context()).containsExactly(Map.entry("tenant", "t1")));
	}

	@Test
	void peekShowsAMessageWhoseContextIsNotJsonWithAnEmptyContext() {
		sendToDeadLetterQueue("jobs_dead", "not json");

		assertThat(this.deadLetters.peek("jobs", 1)).singleElement()
			.satisfies((dead) -> assertThat(dead.context()).isEmpty());
	}

	@Test
	void peekReceivesNoMoreThanMaxMessages() {
		for (int i = 0; i < 30; i++) {
			sendToDeadLetterQueue("jobs_dead", "{}");
		}

		assertThat(this.deadLetters.peek("jobs", 5)).hasSize(5);
		assertThat(this.sqs.deadLetters("jobs")).hasSize(30)
			.allSatisfy((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE))
			.filteredOn((dead) -> dead.receiveCount() > 0)
			.hasSize(5);
	}

	@Test
	void peekReturnsAtMostAHundredMessagesWhateverMaxIsAsked() {
		for (int i = 0; i < 120; i++) {
			sendToDeadLetterQueue("jobs_dead", "{}");
		}

		assertThat(this.deadLetters.peek("jobs", 100_000)).hasSize(DeadLetterQueues.MAX_PEEK);
		assertThat(this.sqs.deadLetters("jobs")).filteredOn((dead) -> dead.receiveCount() > 0)
			.hasSize(DeadLetterQueues.MAX_PEEK);
	}

	@Test
	void peekAtLessThanOneMessageIsRefusedWithTheAllowedRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.deadLetters.peek("jobs", 0))
			.withMessage("Cannot peek at 0 message(s) of the dead-letter queue of 'jobs': max must be between 1 "
					+ "and 100");
	}

	@Test
	void peekOnAFifoDeadLetterQueueLeavesItsMessagesVisible() {
		failOrders("customer-1", "a", "b");

		List<DeadLetter> peeked = this.deadLetters.peek("orders.fifo", 10);

		assertThat(peeked).extracting(DeadLetter::body).containsExactly("{\"text\":\"a\"}", "{\"text\":\"b\"}");
		assertThat(this.sqs.deadLetters("orders.fifo")).hasSize(2)
			.allSatisfy((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE));
	}

	@Test
	void replayRunsTheHandlerAndTakesOnlyThatMessageOutOfTheDeadLetterQueue() {
		failJobs("a", "b", "c");
		String b = idOf(this.deadLetters.peek("jobs", 10), "b");
		this.handlers.refuse.set(false);

		assertThat(this.deadLetters.replay("jobs", b)).isTrue();

		await().atMost(WAIT).until(() -> this.handlers.done.contains("b"));
		assertThat(this.handlers.done).containsExactly("b");
		assertThat(this.sqs.deadLetters("jobs")).extracting(EnqueuedTask::body)
			.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"c\"}")
			.hasSize(2);
	}

	@Test
	void aReplayedMessageGoesBackWithoutItsFailureReason() {
		failJobs("a");
		String a = idOf(this.deadLetters.peek("jobs", 10), "a");
		this.handlers.refuse.set(false);

		this.deadLetters.replay("jobs", a);

		await().atMost(WAIT).until(() -> this.handlers.done.contains("a"));
		assertThat(this.handlers.received).singleElement()
			.satisfies((job) -> assertThat(job.attributes()).doesNotContainKey(WireFormat.FAILURE_REASON));
	}

	@Test
	void replayOnAFifoQueueKeepsTheMessageGroupAndRunsTheHandler() {
		failOrders("customer-1", "a", "b");
		String b = idOf(this.deadLetters.peek("orders.fifo", 10), "b");
		this.handlers.refuse.set(false);

		assertThat(this.deadLetters.replay("orders.fifo", b)).isTrue();

		await().atMost(WAIT).until(() -> this.handlers.done.contains("b"));
		assertThat(this.handlers.done).containsExactly("b");
		assertThat(this.handlers.received).singleElement()
			.satisfies((job) -> assertThat(job.systemAttributes()).containsEntry("MessageGroupId", "customer-1"));
		assertThat(this.sqs.deadLetters("orders.fifo")).extracting(EnqueuedTask::body)
			.containsExactly("{\"text\":\"a\"}");
	}

	@Test
	void aFifoMessageReplayedTwiceWithinFiveMinutesIsNotDroppedAsADuplicate() {
		failOrders("customer-1", "a");
		String first = idOf(this.deadLetters.peek("orders.fifo", 10), "a");
		this.deadLetters.replay("orders.fifo", first);
		await().atMost(WAIT).until(() -> this.sqs.deadLetters("orders.fifo").size() == 1);
		String second = idOf(this.deadLetters.peek("orders.fifo", 10), "a");
		this.handlers.refuse.set(false);

		assertThat(this.deadLetters.replay("orders.fifo", second)).isTrue();

		await().atMost(WAIT).until(() -> this.handlers.done.contains("a"));
		assertThat(this.sqs.deadLetters("orders.fifo")).isEmpty();
	}

	@Test
	void aRedrivenFifoMessageThatFailsAgainWithinFiveMinutesIsDeadLetteredAgain() {
		failOrders("customer-1", "a");

		this.deadLetters.redrive("orders.fifo");

		await().atMost(WAIT)
			.until(() -> this.handlers.refusals.get() == 2 && this.sqs.enqueued("orders.fifo").isEmpty());
		this.sqs.processUntilIdle();
		assertThat(this.sqs.deadLetters("orders.fifo")).extracting(EnqueuedTask::body)
			.containsExactly("{\"text\":\"a\"}");
	}

	@Test
	void discardDeletesOnlyThatMessage() {
		failJobs("a", "b", "c");
		String b = idOf(this.deadLetters.peek("jobs", 10), "b");

		assertThat(this.deadLetters.discard("jobs", b)).isTrue();

		assertThat(this.sqs.deadLetters("jobs")).extracting(EnqueuedTask::body)
			.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"c\"}")
			.hasSize(2);
		assertThat(this.sqs.enqueued("jobs")).isEmpty();
	}

	@Test
	void theMessagesReceivedWithTheOneDiscardedAreVisibleAgain() {
		failJobs("a", "b", "c");
		String a = idOf(this.deadLetters.peek("jobs", 10), "a");

		this.deadLetters.discard("jobs", a);

		assertThat(this.sqs.deadLetters("jobs")).hasSize(2)
			.allSatisfy((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE));
	}

	@Test
	void discardOnAFifoQueueDeletesOnlyThatMessage() {
		failOrders("customer-1", "a", "b");
		String a = idOf(this.deadLetters.peek("orders.fifo", 10), "a");

		assertThat(this.deadLetters.discard("orders.fifo", a)).isTrue();

		assertThat(this.sqs.deadLetters("orders.fifo")).extracting(EnqueuedTask::body)
			.containsExactly("{\"text\":\"b\"}");
	}

	@Test
	void anUnknownMessageIdIsNotFoundAndNothingChanges() {
		failJobs("a");

		assertThat(this.deadLetters.replay("jobs", "no-such-id")).isFalse();
		assertThat(this.deadLetters.discard("jobs", "no-such-id")).isFalse();
		assertThat(this.sqs.deadLetters("jobs")).singleElement()
			.satisfies((dead) -> assertThat(dead.state()).isEqualTo(MessageState.VISIBLE));
		assertThat(this.sqs.enqueued("jobs")).isEmpty();
	}

	private void failJobs(String... texts) {
		for (String text : texts) {
			this.tasks.addJob("jobs", "job", Map.of("text", text));
		}
		await().atMost(WAIT).until(() -> this.sqs.deadLetters("jobs").size() == texts.length);
	}

	private void failOrders(String group, String... texts) {
		for (String text : texts) {
			this.tasks.addJob("orders.fifo", "ship", Map.of("text", text),
					JobOptions.defaults().groupId(group).deduplicationId(text + System.nanoTime()));
		}
		await().atMost(WAIT).until(() -> this.sqs.deadLetters("orders.fifo").size() == texts.length);
	}

	private void sendToDeadLetterQueue(String queue, String context) {
		String url = this.queues.url(queue);
		this.sqs.client()
			.sendMessage((r) -> r.queueUrl(url)
				.messageBody("{\"text\":\"x\"}")
				.messageAttributes(Map.of(WireFormat.JOB_NAME, string("job"), WireFormat.CONTENT_TYPE,
						string(WireFormat.JSON), WireFormat.JOB_CONTEXT, string(context))))
			.join();
	}

	private static String idOf(List<DeadLetter> peeked, String text) {
		return peeked.stream()
			.filter((dead) -> dead.body().equals("{\"text\":\"" + text + "\"}"))
			.findFirst()
			.orElseThrow()
			.messageId();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	static class Tasks {

		final AtomicBoolean refuse = new AtomicBoolean(true);

		final AtomicInteger refusals = new AtomicInteger();

		final List<TaskMessage> received = new CopyOnWriteArrayList<>();

		final List<String> done = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "jobs")
		void job(String text, TaskMessage message) {
			handle(text, message);
		}

		@SqsTask(queue = "orders.fifo")
		void ship(String text, TaskMessage message) {
			handle(text, message);
		}

		private void handle(String text, TaskMessage message) {
			if (this.refuse.get()) {
				this.refusals.incrementAndGet();
				throw new DoNotRetry("refused " + text);
			}
			this.received.add(message);
			this.done.add(text);
		}

	}

}
