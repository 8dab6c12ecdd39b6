package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-group order on a FIFO queue holds with 20 groups processed concurrently and retries in between.
 */
class FifoUnderConcurrencyTests {

	private static final int GROUPS = 20;

	private static final int PER_GROUP = 8;

	@Test
	void everyGroupIsProcessedInOrderDespiteRetries() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Orders.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(), "sqs-tasks.defaults.backoff.jitter=false",
					"sqs-tasks.defaults.backoff.initial=1s", "sqs-tasks.queues[orders.fifo].concurrency=10",
					"sqs-tasks.queues[orders.fifo].visibility-timeout=5s")
			.run((context) -> {
				SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
				try (SqsTaskTemplate.Batch batch = tasks.batch()) {
					for (int seq = 0; seq < PER_GROUP; seq++) {
						for (int group = 0; group < GROUPS; group++) {
							tasks.addJob("orders.fifo", "ship", Map.of("group", group, "seq", seq),
									JobOptions.defaults().groupId("g" + group).deduplicationId(group + "-" + seq));
						}
					}
				}

				Orders orders = context.getBean(Orders.class);
				await().atMost(Duration.ofSeconds(90)).until(() -> orders.total() == GROUPS * PER_GROUP);
				for (int group = 0; group < GROUPS; group++) {
					assertThat(orders.done.get(group)).as("group " + group)
						.containsExactlyElementsOf(IntStream.range(0, PER_GROUP).boxed().toList());
				}
				assertThat(orders.failures).isNotEmpty();
			});
	}

	static class Orders {

		final Map<Integer, List<Integer>> done = new ConcurrentHashMap<>();

		final Set<String> failures = ConcurrentHashMap.newKeySet();

		int total() {
			return this.done.values().stream().mapToInt(List::size).sum();
		}

		@SqsTask(queue = "orders.fifo")
		void ship(int group, int seq) {
			String key = group + "-" + seq;
			if ((group + seq) % 5 == 1 && this.failures.add(key)) {
				if (seq % 2 == 0) {
					throw new RetryLater(Duration.ofSeconds(1));
				}
				throw new IllegalStateException("carrier unavailable for " + key);
			}
			this.done.computeIfAbsent(group, (g) -> new CopyOnWriteArrayList<>()).add(seq);
		}

	}

}
