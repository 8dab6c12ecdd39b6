package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At a light load the broker answers a waiting receive on the first message; {@code receive-batch-window} lets
 * messages accumulate after such a receive, so that they are received several at a time.
 */
class ReceiveBatchWindowTests {

	private static final int TASKS = 40;

	private final RecordingClient recording = new RecordingClient();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.recording.client)
		.withBean(Tasks.class)
		.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
				"sqs-tasks.queues.windowed.receive-batch-window=300ms",
				"sqs-tasks.queues.eager.receive-batch-window=0s");

	@Test
	void aLightLoadIsReceivedSeveralMessagesAtATimeWithAWindowAndOneByOneWithout() {
		this.runner.run((context) -> {
			Tasks tasks = context.getBean(Tasks.class);
			SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
			// both queues get the same light load at the same time: a message every 25 ms each
			for (int i = 0; i < TASKS; i++) {
				template.addJob("windowed", "windowed", Map.of("n", i));
				template.addJob("eager", "eager", Map.of("n", i));
				Thread.sleep(25);
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> tasks.windowed.size() == TASKS && tasks.eager.size() == TASKS);
			long windowed = receives("windowed");
			long eager = receives("eager");
			System.out.printf("receives for %d tasks: windowed %d, eager %d%n", TASKS, windowed, eager);
			assertThat(windowed).isLessThan(TASKS / 2);
			assertThat(eager).isGreaterThan(2 * windowed);
		});
	}

	private long receives(String queue) {
		return this.recording.requests.stream()
			.filter((request) -> request instanceof ReceiveMessageRequest receive
					&& receive.queueUrl().endsWith("-" + queue))
			.count();
	}

	static class Tasks {

		final Set<Integer> windowed = ConcurrentHashMap.newKeySet();

		final Set<Integer> eager = ConcurrentHashMap.newKeySet();

		@SqsTask(queue = "windowed")
		void windowed(int n) {
			this.windowed.add(n);
		}

		@SqsTask(queue = "eager")
		void eager(int n) {
			this.eager.add(n);
		}

	}

}
