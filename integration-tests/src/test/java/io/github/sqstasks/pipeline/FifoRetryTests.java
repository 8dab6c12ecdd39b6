package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.EnqueuedTask;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FIFO group whose head keeps failing, on the manual clock, with the RedrivePolicy sqs-tasks installs (max receive
 * count 3): the head is retried in place and dead-lettered after its attempts; the messages behind it are never
 * received again meanwhile, so none reaches the dead-letter queue unrun, and they then run once each, in order.
 */
@SqsTaskTest(tasks = FifoRetryTests.Shipping.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false", "sqs-tasks.defaults.backoff.initial=10s",
		"sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead.fifo",
		"sqs-tasks.queues[orders.fifo].max-receive-count=3" })
class FifoRetryTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Shipping shipping;

	@Test
	void messagesBehindAFailingHeadAreNotDeadLetteredAndRunInOrderOnceItIsGone() {
		// sent together, so that one receive brings the head and the messages behind it, as SQS does on a backlog
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int id = 0; id <= 4; id++) {
				send(id);
			}
		}
		this.sqs.processUntilIdle();
		// attempt 1 failed; the head waits 10 s for its retry, its group behind it, all held by this instance
		assertThat(this.shipping.runs).containsExactly(0);
		assertThat(this.sqs.enqueued("orders.fifo")).hasSize(5).allMatch((task) -> task.receiveCount() == 1);

		this.sqs.advance(Duration.ofSeconds(9));
		this.sqs.processUntilIdle();
		assertThat(this.shipping.runs).containsExactly(0);
		this.sqs.advance(Duration.ofSeconds(1));
		this.sqs.processUntilIdle();
		assertThat(this.shipping.runs).containsExactly(0, 0);
		this.sqs.advance(Duration.ofSeconds(20));
		this.sqs.processUntilIdle();

		// third attempt failed: the head is dead-lettered, then the rest run in order
		assertThat(this.shipping.runs).containsExactly(0, 0, 0, 1, 2, 3, 4);
		assertThat(this.sqs.deadLetters("orders.fifo")).singleElement()
			.satisfies((task) -> assertThat(task.arguments()).containsEntry("id", 0));
		assertThat(this.sqs.enqueued("orders.fifo")).isEmpty();
	}

	@Test
	void aHeadThatKeepsAskingToBeRetriedLaterGoesAloneToTheDeadLetterQueueAtTheLimitAndItsGroupRuns() {
		// Were each retry a new receive, the messages received with the head would count a receive at each, and the
		// queue's RedrivePolicy (3) would move them to the dead-letter queue with it, none of them having run.
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int id = 10; id <= 13; id++) {
				send(id);
			}
		}
		this.sqs.processUntilIdle();
		for (int retry = 1; retry <= 3; retry++) {
			this.sqs.advance(Duration.ofSeconds(5));
			this.sqs.processUntilIdle();
		}

		assertThat(this.shipping.runs).containsExactly(10, 10, 10, 11, 12, 13);
		// the handler sees each held retry as the attempt it is; the messages behind were received once
		assertThat(this.shipping.receiveCounts).containsExactly(1, 2, 3, 1, 1, 1);
		assertThat(this.sqs.deadLetters("orders.fifo")).singleElement().satisfies((task) -> {
			assertThat(task.arguments()).containsEntry("id", 10);
			assertThat(task.attributes().get("FailureReason")).contains("still asking to be retried after 3 attempts");
		});
		assertThat(this.sqs.enqueued("orders.fifo")).isEmpty();
	}

	@Test
	void aFailedMoveToTheDeadLetterQueueIsTriedAgainWithoutRunningTheHandlerAgain() {
		// Found by the chaos run: a move that failed during an outage gave the handler one more attempt than allowed.
		String deadLetterUrl = this.sqs.client().getQueueUrl((r) -> r.queueName("orders_dead.fifo")).join().queueUrl();
		this.sqs.client().deleteQueue((r) -> r.queueUrl(deadLetterUrl)).join();
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			send(0);
			send(1);
		}
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(10));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(20));
		this.sqs.processUntilIdle();
		// the third attempt failed and its move did not go through: the message waits, the handler ran 3 times
		assertThat(this.shipping.runs).containsExactly(0, 0, 0);

		this.sqs.client()
			.createQueue((r) -> r.queueName("orders_dead.fifo")
				.attributes(java.util.Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE,
						"true")))
			.join();
		this.sqs.advance(Duration.ofMinutes(1));
		this.sqs.processUntilIdle();

		assertThat(this.shipping.runs).containsExactly(0, 0, 0, 1);
		assertThat(this.sqs.deadLetters("orders.fifo")).singleElement()
			.satisfies((task) -> assertThat(task.attributes().get("FailureReason")).endsWith("(after 3 attempts)"));
	}

	@Test
	void otherGroupsRunWhileAHeadWaitsForItsRetry() {
		send(0);
		this.tasks.addJob("orders.fifo", "ship", Map.of("id", 7), JobOptions.defaults().groupId("other").deduplicationId("other-7"));
		this.sqs.processUntilIdle();

		assertThat(this.shipping.runs).containsExactlyInAnyOrder(0, 7);
		assertThat(this.sqs.enqueued("orders.fifo")).extracting(EnqueuedTask::receiveCount).containsExactly(1);
	}

	private void send(int id) {
		this.tasks.addJob("orders.fifo", "ship", Map.of("id", id), JobOptions.defaults().groupId("customer-1").deduplicationId("order-" + id));
	}

	static class Shipping {

		final List<Integer> runs = new CopyOnWriteArrayList<>();

		final List<Integer> receiveCounts = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "orders.fifo")
		void ship(int id, TaskMessage message) {
			this.runs.add(id);
			this.receiveCounts.add(message.receiveCount());
			if (id == 0) {
				throw new IllegalStateException("the carrier refuses order 0");
			}
			if (id == 10) {
				throw new RetryLater(Duration.ofSeconds(5));
			}
		}

	}

}
