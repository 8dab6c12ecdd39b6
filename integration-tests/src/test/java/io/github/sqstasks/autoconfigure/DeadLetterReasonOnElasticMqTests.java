package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the embedded ElasticMQ, a failure reason holding characters the broker refuses still reaches the dead-letter
 * queue, with those characters replaced.
 */
class DeadLetterReasonOnElasticMqTests {

	@Test
	void aReasonWithControlCharactersReachesTheDeadLetterQueueWithThemReplaced() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Handler.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
					"sqs-tasks.queues.odd.dead-letter-queue=odd_dead")
			.run((context) -> {
				context.getBean(SqsTaskTemplate.class).addJob("odd", "odd", Map.of("n", 1));

				String url = context.getBean(QueueResolver.class).url("odd_dead");
				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				Message[] dead = new Message[1];
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					List<Message> messages = sqs.receiveMessage((r) -> r.queueUrl(url).waitTimeSeconds(1)
						.messageAttributeNames("All")).join().messages();
					dead[0] = messages.isEmpty() ? null : messages.get(0);
					return dead[0] != null;
				});
				assertThat(dead[0].messageAttributes().get(WireFormat.FAILURE_REASON).stringValue())
					.isEqualTo("DoNotRetry: bell \ufffd escape \ufffd lone \ufffd");
			});
	}

	static class Handler {

		@SqsTask(queue = "odd")
		void odd(int n) {
			throw new DoNotRetry("bell \u0007 escape \u001b lone \udfff");
		}

	}

}
