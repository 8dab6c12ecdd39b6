package io.github.sqstasks.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interceptors of a batch handler see each message with its own context and logging MDC, as for a single message,
 * so that metrics, tracing and logs carry the right message; the handler call itself has the queue and task.
 */
@SqsTaskTest(tasks = { BatchContextTests.Items.class, BatchContextTests.Recorder.class })
class BatchContextTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Recorder recorder;

	@Autowired
	Items items;

	@Test
	void eachMessageOfABatchReachesInterceptorsWithItsOwnContextAndMessageId() {
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			for (String tenant : List.of("acme", "globex", "initech")) {
				try (TaskContext.Scope scope = TaskContext.with("tenant", tenant)) {
					this.tasks.addJob("imports", "load", Map.of("tenant", tenant));
				}
			}
		}
		this.sqs.processUntilIdle();

		assertThat(this.items.batches).containsExactly(3);
		assertThat(this.recorder.before).hasSize(3).allSatisfy((seen) -> {
			assertThat(seen.mdcMessageId()).isEqualTo(seen.messageId());
			assertThat(seen.contextTenant()).isEqualTo(seen.argumentTenant());
		});
		assertThat(this.recorder.before).extracting(Seen::contextTenant)
			.containsExactlyInAnyOrder("acme", "globex", "initech");
		assertThat(this.recorder.after).containsExactlyInAnyOrderElementsOf(this.recorder.before);
	}

	record Seen(String messageId, String mdcMessageId, String contextTenant, String argumentTenant) {
	}

	static class Recorder implements TaskInterceptor {

		final List<Seen> before = new CopyOnWriteArrayList<>();

		final List<Seen> after = new CopyOnWriteArrayList<>();

		@Override
		public void beforeTask(TaskMessage message) {
			this.before.add(seen(message));
		}

		@Override
		public void afterCompletion(TaskMessage message, Throwable error) {
			this.after.add(seen(message));
		}

		private static Seen seen(TaskMessage message) {
			return new Seen(message.messageId(), MDC.get("sqs.messageId"), TaskContext.current().get("tenant"),
					message.body().replaceAll(".*\"tenant\":\"([a-z]+)\".*", "$1"));
		}

	}

	static class Items {

		final List<Integer> batches = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "imports", batch = true)
		void load(List<Item> items) {
			this.batches.add(items.size());
		}

	}

	record Item(String tenant) {
	}

}
