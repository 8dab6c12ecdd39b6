package io.github.sqstasks.queues;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Waiting until queues are empty, on the in-memory SQS and a clock the test moves; deleting the application's queues.
 */
@SqsTaskTest(tasks = TaskQueuesTests.Mailer.class)
@TestPropertySource(properties = { "sqs-tasks.listener.enabled=false",
		"sqs-tasks.queues.emails.dead-letter-queue=emails_dead", "sqs-tasks.queues.audit.max-receive-count=3" })
class TaskQueuesTests {

	@Autowired
	TaskQueues queues;

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@BeforeEach
	void clean() {
		this.sqs.clear();
	}

	@Test
	void aWaitEndsEmptyOnceTheQueuesAreEmptyInTwoReadingsInARow() {
		this.tasks.addJob("emails", "send", Map.of("to", "a@b.c"));
		CompletableFuture<EmptyWait> wait = CompletableFuture
			.supplyAsync(() -> this.queues.awaitEmpty(List.of("emails", "audit"), Duration.ofMinutes(5)));
		for (int i = 0; i < 3; i++) {
			this.sqs.advance(Duration.ofSeconds(1));
		}
		assertThat(wait).isNotDone();

		receiveAndDelete("emails");

		EmptyWait result = advanceUntilDone(wait);
		assertThat(result.empty()).isTrue();
		assertThat(result.queues()).containsOnly(Map.entry("emails", new QueueCounts(0, 0, 0)),
				Map.entry("audit", new QueueCounts(0, 0, 0)));
	}

	@Test
	void aWaitEndsNotEmptyAtItsTimeoutOnTheClockCountingVisibleInFlightAndDelayedMessages() {
		this.tasks.addJob("emails", "send", Map.of("to", "visible@b.c"));
		this.tasks.addJob("emails", "send", Map.of("to", "in-flight@b.c"));
		this.tasks.addJob("emails", "send", Map.of("to", "delayed@b.c"), JobOptions.defaults().delay(Duration.ofHours(1)));
		String url = this.sqs.client().getQueueUrl((request) -> request.queueName("emails")).join().queueUrl();
		this.sqs.client().receiveMessage((request) -> request.queueUrl(url).visibilityTimeout(43200)).join();

		CompletableFuture<EmptyWait> wait = CompletableFuture
			.supplyAsync(() -> this.queues.awaitEmpty(List.of("emails"), Duration.ofSeconds(30)));
		EmptyWait result = advanceUntilDone(wait);

		assertThat(result.empty()).isFalse();
		assertThat(result.queues()).containsExactly(Map.entry("emails", new QueueCounts(1, 1, 1)));
		assertThat(result.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aZeroTimeoutReadsTheCountsOnce() {
		assertThat(this.queues.awaitEmpty(List.of("emails"), Duration.ZERO).empty()).isTrue();
		this.tasks.addJob("emails", "send", Map.of("to", "a@b.c"));
		assertThat(this.queues.awaitEmpty(List.of("emails"), Duration.ZERO))
			.isEqualTo(new EmptyWait(false, Duration.ZERO, Map.of("emails", new QueueCounts(1, 0, 0))));
	}

	@Test
	void aConfiguredQueueAndItsDeadLetterQueueCanBeDeletedOnce() {
		assertThat(this.queues.queues()).contains("emails", "emails_dead", "audit");

		assertThat(this.queues.delete("audit")).isTrue();
		assertThat(this.queues.delete("audit")).isFalse();
		assertThat(this.queues.delete("emails_dead")).isTrue();

		assertThat(this.sqs.client().queueUrls()).noneMatch((url) -> url.endsWith("/audit"))
			.noneMatch((url) -> url.endsWith("/emails_dead"))
			.anyMatch((url) -> url.endsWith("/emails"));
	}

	@Test
	void aQueueTheApplicationDoesNotConfigureIsNotDeleted() {
		this.sqs.client().createQueue((request) -> request.queueName("billing")).join();

		assertThatThrownBy(() -> this.queues.delete("billing")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Refusing to delete queue 'billing': it is not one of this application's queues")
			.hasMessageContaining("[audit, emails, emails_dead]");
		assertThat(this.sqs.client().queueUrls()).anyMatch((url) -> url.endsWith("/billing"));
	}

	/** Moves the clock a second at a time, about every 50 ms, until the wait is done. */
	private EmptyWait advanceUntilDone(CompletableFuture<EmptyWait> wait) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			this.sqs.advance(Duration.ofSeconds(1));
			return wait.isDone();
		});
		return wait.join();
	}

	private void receiveAndDelete(String queue) {
		String url = this.sqs.client().getQueueUrl((request) -> request.queueName(queue)).join().queueUrl();
		for (Message message : this.sqs.client().receiveMessage((request) -> request.queueUrl(url)).join().messages()) {
			this.sqs.client().deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()))
				.join();
		}
	}

	static class Mailer {

		@SqsTask(queue = "emails", name = "send")
		void send(String to) {
		}

	}

}
