package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.EnqueuedTask;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The visibility heartbeat on the manual clock: a running handler's message stays invisible until
 * {@code max-processing-time}, counted from the handler's start; a message waiting in the prefetch behind a long
 * handler stays invisible however long it waits, and runs once.
 */
@SqsTaskTest(tasks = HeartbeatTests.Slow.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@TestPropertySource(properties = { "sqs-tasks.queues.slow.concurrency=1", "sqs-tasks.queues.slow.prefetch=1",
		"sqs-tasks.queues.slow.visibility-timeout=10s", "sqs-tasks.queues.slow.max-processing-time=2m" })
class HeartbeatTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	QueueListeners listener;

	@Autowired
	Slow slow;

	@AfterEach
	void release() {
		this.slow.gate.countDown();
	}

	@Test
	void aRunningMessageIsRenewedUntilTheLimitFromItsHandlersStartAndAWaitingOneWithoutLimit() {
		this.tasks.addJob("slow", "work", Map.of("n", 1));
		await().until(() -> this.slow.started.size() == 1);
		this.tasks.addJob("slow", "work", Map.of("n", 2));
		await().until(() -> this.listener.unfinishedMessages() == 2);

		// 110 s: eleven visibility timeouts; both stay invisible, neither was received again
		this.sqs.advance(Duration.ofSeconds(110));
		assertThat(this.sqs.enqueued("slow")).extracting(EnqueuedTask::state)
			.containsOnly(MessageState.IN_FLIGHT);
		assertThat(this.sqs.enqueued("slow")).extracting(EnqueuedTask::receiveCount).containsOnly(1);

		// past 2 min from its handler's start, message 1 is no longer renewed and expires; message 2 still waits
		this.sqs.advance(Duration.ofSeconds(25));
		assertThat(this.sqs.enqueued("slow", "work")).filteredOn((task) -> task.argument("n").equals(1))
			.extracting(EnqueuedTask::state)
			.containsOnly(MessageState.VISIBLE);
		assertThat(this.sqs.enqueued("slow", "work")).filteredOn((task) -> task.argument("n").equals(2))
			.extracting(EnqueuedTask::state)
			.containsOnly(MessageState.IN_FLIGHT);
		assertThat(this.slow.started).containsExactly(1);
	}

	@Test
	void aPrefetchedMessageWaitingLongerThanTheLimitRunsOnce() {
		this.tasks.addJob("slow", "work", Map.of("n", 1));
		await().until(() -> this.slow.started.size() == 1);
		this.tasks.addJob("slow", "work", Map.of("n", 2));
		await().until(() -> this.listener.unfinishedMessages() == 2);

		// message 2 waits 100 s behind message 1: longer than ten visibility timeouts
		this.sqs.advance(Duration.ofSeconds(100));
		this.slow.gate.countDown();
		this.sqs.processUntilIdle();

		assertThat(this.slow.started).containsExactly(1, 2);
		assertThat(this.sqs.enqueued("slow")).isEmpty();
	}

	static class Slow {

		final List<Integer> started = new CopyOnWriteArrayList<>();

		final CountDownLatch gate = new CountDownLatch(1);

		@SqsTask(queue = "slow")
		void work(int n) throws InterruptedException {
			this.started.add(n);
			this.gate.await(1, TimeUnit.MINUTES);
		}

	}

}
