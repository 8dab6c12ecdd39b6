package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.listener.WorkerFinishedEvent;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers that consume a subset of queues, share queues with other workers, or end by themselves.
 */
class WorkerModeTests {

	private final String prefix = SharedBroker.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, SharedBroker::client)
		.withBean(Handlers.class)
		.withBean(Finished.class)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.listener.shutdown-policy.exit=false");

	@Test
	void aWorkerConsumesOnlyTheQueuesItIsGiven() {
		this.runner.withPropertyValues("sqs-tasks.listener.queues=alpha").run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			tasks.addJob("alpha", "alpha", Map.of("n", 1));
			tasks.addJob("beta", "beta", Map.of("n", 2));

			Handlers handlers = context.getBean(Handlers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.seen.contains("alpha-1"));
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !handlers.seen.contains("beta-2"));
			assertThat(context.getBean(QueueListeners.class).consumedQueues()).containsExactly("alpha");
			assertThat(inQueue(context, "beta")).isEqualTo(1);
		});
	}

	@Test
	void twoWorkersSharingAQueueProcessEachTaskOnce() {
		ApplicationContextRunner worker = this.runner.withPropertyValues("sqs-tasks.queues.alpha.concurrency=5");
		worker.run((first) -> worker.run((second) -> {
			SqsTaskTemplate tasks = first.getBean(SqsTaskTemplate.class);
			try (SqsTaskTemplate.Batch batch = tasks.batch()) {
				for (int i = 0; i < 200; i++) {
					tasks.addJob("alpha", "alpha", Map.of("n", i));
				}
			}
			Handlers a = first.getBean(Handlers.class);
			Handlers b = second.getBean(Handlers.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> a.seen.size() + b.seen.size() >= 200);
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.until(() -> a.seen.size() + b.seen.size() == 200);
			Set<String> all = ConcurrentHashMap.newKeySet();
			all.addAll(a.seen);
			all.addAll(b.seen);
			assertThat(all).hasSize(200);
			assertThat(a.seen).isNotEmpty();
			assertThat(b.seen).isNotEmpty();
		}));
	}

	@Test
	void anIdlePolicyStopsTheWorkerOnceItsQueuesAreDrained() {
		this.runner.withPropertyValues("sqs-tasks.listener.shutdown-policy.idle=1500ms").run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			for (int i = 0; i < 3; i++) {
				tasks.addJob("alpha", "alpha", Map.of("n", i));
			}
			Finished finished = context.getBean(Finished.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> !finished.events.isEmpty());

			assertThat(context.getBean(Handlers.class).seen).containsExactlyInAnyOrder("alpha-0", "alpha-1", "alpha-2");
			assertThat(finished.events.get(0).getQueues()).containsExactlyInAnyOrder("alpha", "beta");
			tasks.addJob("alpha", "alpha", Map.of("n", 99));
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.until(() -> !context.getBean(Handlers.class).seen.contains("alpha-99"));
		});
	}

	private static int inQueue(ConfigurableApplicationContext context, String queue) {
		String url = context.getBean(QueueResolver.class).url(queue);
		SqsAsyncClient sqs = SharedBroker.client();
		return SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				+ SharedBroker.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	static class Handlers {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "alpha")
		void alpha(int n) {
			this.seen.add("alpha-" + n);
		}

		@SqsTask(queue = "beta")
		void beta(int n) {
			this.seen.add("beta-" + n);
		}

	}

	static class Finished implements ApplicationListener<WorkerFinishedEvent> {

		final List<WorkerFinishedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(WorkerFinishedEvent event) {
			this.events.add(event);
		}

	}

}
