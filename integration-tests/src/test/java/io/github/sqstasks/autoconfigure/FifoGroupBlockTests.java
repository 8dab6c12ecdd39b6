package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A FIFO group blocked behind a message put back for a retry, when that message never comes back to this worker: the
 * queue's RedrivePolicy moved it (here), or another worker of the fleet received it (the chaos run, issue 21). The
 * next message of the group must still run once.
 */
class FifoGroupBlockTests {

	@Test
	void whenTheRetriedMessageOfAGroupIsRedrivenTheNextMessageOfTheGroupStillRuns() {
		String prefix = SharedBroker.uniquePrefix();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Steps.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + prefix, "sqs-tasks.queues[steps.fifo].visibility-timeout=5s",
					"sqs-tasks.queues[steps.fifo].max-receive-count=2",
					"sqs-tasks.queues[steps.fifo].dead-letter-queue=steps_dead.fifo")
			.run((context) -> {
				SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
				QueueResolver queues = context.getBean(QueueResolver.class);
				Steps steps = context.getBean(Steps.class);
				JobOptions group = JobOptions.defaults().groupId("order-1");
				// The first asks to be retried at every attempt, its last included: after its second receive the
				// queue's RedrivePolicy (maxReceiveCount 2) moves it, and this worker never sees it again.
				tasks.addJob("steps.fifo", "step", Map.of("n", 1), group.deduplicationId("1"));
				tasks.addJob("steps.fifo", "step", Map.of("n", 2), group.deduplicationId("2"));

				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				String deadLetters = queues.url("steps_dead.fifo");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> steps.runs.contains(2) || SharedBroker.count(sqs, deadLetters,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 2);

				assertThat(steps.runs).as("handler runs, by message").containsExactly(1, 1, 2);
				assertThat(SharedBroker.count(sqs, deadLetters, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					.as("messages in the dead-letter queue")
					.isEqualTo(1);
			});
	}

	/**
	 * Message 1 asks to be retried at once, at every attempt.
	 */
	static class Steps {

		final List<Integer> runs = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "steps.fifo")
		void step(int n) {
			this.runs.add(n);
			if (n == 1) {
				throw new RetryLater(Duration.ZERO);
			}
		}

	}

}
