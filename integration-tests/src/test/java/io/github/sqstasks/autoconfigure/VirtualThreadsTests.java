package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.threads.virtual.enabled=true} runs handlers on virtual threads on Java 21 and later (on Java 17 the
 * property is ignored, as Spring Boot does); {@code concurrency} and {@code prefetch} keep their meaning either way.
 * The default build runs on Java 17; on 21+: {@code JAVA_HOME=<jdk 21+> ./mvnw -pl integration-tests test
 * -Dtest=VirtualThreadsTests}.
 */
class VirtualThreadsTests {

	private final SqsAsyncClient sqs = SharedBroker.client();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.sqs)
		.withBean(Tasks.class)
		.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
				"spring.threads.virtual.enabled=true", "sqs-tasks.queues.vt.concurrency=2",
				"sqs-tasks.queues.vt.prefetch=6");

	@Test
	void handlersRunOnVirtualThreadsOnJava21AndConcurrencyStillBoundsThem() {
		this.runner.run((context) -> {
			Tasks tasks = context.getBean(Tasks.class);
			String url = context.getBean(QueueResolver.class).url("vt");
			SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
			try (SqsTaskTemplate.Batch batch = template.batch()) {
				for (int i = 0; i < 20; i++) {
					template.addJob("vt", "vt", Map.of("n", i));
				}
			}
			// 2 running + 6 received ahead, waiting invisible
			await().atMost(Duration.ofSeconds(10))
				.until(() -> SharedBroker.count(this.sqs, url,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 8);
			await().atMost(Duration.ofSeconds(20)).until(() -> tasks.finished.size() == 20);
			assertThat(tasks.maxRunning).hasValue(2);
			assertThat(tasks.finished).doesNotHaveDuplicates();
			boolean java21 = Runtime.version().feature() >= 21;
			assertThat(tasks.virtual).as("handlers on virtual threads").containsOnly(java21);
		});
	}

	static class Tasks {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxRunning = new AtomicInteger();

		final List<Integer> finished = new CopyOnWriteArrayList<>();

		final List<Boolean> virtual = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "vt")
		void vt(int n) throws Exception {
			this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			// Thread.isVirtual() is Java 21 API; the tests compile for 17
			this.virtual.add((Runtime.version().feature() >= 21)
					&& (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
			Thread.sleep(300);
			this.running.decrementAndGet();
			this.finished.add(n);
		}

	}

}
