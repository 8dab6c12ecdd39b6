package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch handlers take up to {@code batch-size} messages, gathered across receives (beyond the 10 of one receive), and
 * a smaller batch waits up to {@code batch-window} for more, on the manual clock.
 */
@SqsTaskTest(tasks = BatchSizeTests.Bulk.class)
@TestPropertySource(properties = { "sqs-tasks.queues.bulk.concurrency=50", "sqs-tasks.queues.bulk.prefetch=100",
		"sqs-tasks.queues.bulk.batch-size=25", "sqs-tasks.queues.bulk.batch-window=2s" })
class BatchSizeTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Bulk bulk;

	@Test
	void batchesOfTheConfiguredSizeAndTheRestAfterTheWindow() {
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (int n = 0; n < 60; n++) {
				this.tasks.addJob("bulk", "load", Map.of("n", n));
			}
		}
		this.sqs.processUntilIdle();
		// 60 sent: two full batches of 25 went at once; the last 10 wait for the window
		assertThat(this.bulk.sizes).containsExactly(25, 25);

		this.sqs.advance(Duration.ofMillis(1999));
		this.sqs.processUntilIdle();
		assertThat(this.bulk.sizes).containsExactly(25, 25);
		this.sqs.advance(Duration.ofMillis(1));
		this.sqs.processUntilIdle();
		assertThat(this.bulk.sizes).containsExactly(25, 25, 10);
		assertThat(this.bulk.items).hasSize(60).doesNotHaveDuplicates();
		assertThat(this.sqs.enqueued("bulk")).isEmpty();
	}

	static class Bulk {

		final List<Integer> sizes = new CopyOnWriteArrayList<>();

		final List<Integer> items = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "bulk", batch = true)
		void load(List<Item> batch) {
			this.sizes.add(batch.size());
			batch.forEach((item) -> this.items.add(item.n()));
		}

	}

	record Item(int n) {
	}

}
