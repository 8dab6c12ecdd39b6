package io.github.sqstasks.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.BatchFailure;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch handler that fails in ways the batch contract does not foresee still resolves every message of its batch:
 * an {@code Error} retries them all, and a {@code BatchFailure} naming items outside the batch retries the whole batch
 * instead of deleting items that may have failed.
 */
@SqsTaskTest(tasks = BatchHandlerFailureTests.Items.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false", "sqs-tasks.defaults.max-receive-count=5" })
class BatchHandlerFailureTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	TaskCounters counters;

	@Autowired
	Items items;

	@Test
	void anErrorFromABatchHandlerRetriesEveryItem() {
		send("asserting", 3);
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(this.counters.count("asserting", "check", TaskOutcome.RETRIED)).isEqualTo(3);
		assertThat(this.sqs.enqueued("asserting")).hasSize(3);
		this.sqs.advance(Duration.ofSeconds(2));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));
		assertThat(this.items.checked).hasValue(6);
	}

	@Test
	void aBatchFailureNamingItemsOutsideTheBatchRetriesTheWholeBatch() {
		send("partial", 3);
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(this.counters.count("partial", "sort", TaskOutcome.SUCCEEDED)).isZero();
		assertThat(this.counters.count("partial", "sort", TaskOutcome.RETRIED)).isEqualTo(3);
		assertThat(this.sqs.enqueued("partial")).hasSize(3);
	}

	private void send(String queue, int count) {
		String task = queue.equals("asserting") ? "check" : "sort";
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int i = 0; i < count; i++) {
				this.tasks.addJob(queue, task, Map.of("n", i));
			}
		}
	}

	static class Items {

		final AtomicInteger checked = new AtomicInteger();

		@SqsTask(queue = "asserting", batch = true)
		void check(List<Item> items) {
			this.checked.addAndGet(items.size());
			throw new AssertionError("a broken invariant");
		}

		@SqsTask(queue = "partial", batch = true)
		void sort(List<Item> items) {
			throw new BatchFailure(List.of(-1, 10), "lost track of the items");
		}

	}

	record Item(int n) {
	}

}
