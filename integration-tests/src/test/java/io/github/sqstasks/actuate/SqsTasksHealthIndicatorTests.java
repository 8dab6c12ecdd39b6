package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.core.QueueResolver;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sqsTasks} health indicator on the embedded ElasticMQ: UP with every queue, DOWN naming a queue that is
 * gone or does not answer.
 */
class SqsTasksHealthIndicatorTests {

	private final String prefix = TestBroker.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
				SqsTasksActuatorAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, TestBroker::client)
		.withBean(OrderTasks.class)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.queues.orders.dead-letter-queue=orders_dead",
				"sqs-tasks.queues.reports.concurrency=1");

	@Test
	void upWithTheCountsOfEveryQueueThenDownNamingADeadLetterQueueDeletedOutFromUnderIt() {
		this.runner.run((context) -> {
			SqsTasksHealthIndicator indicator = context.getBean("sqsTasksHealthIndicator", SqsTasksHealthIndicator.class);

			Health up = indicator.health();

			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsOnlyKeys("queues");
			assertThat(queues(up)).containsOnlyKeys("cron", "orders", "orders_dead", "reports");
			assertThat(queues(up).get("orders_dead"))
				.isEqualTo(Map.of("name", this.prefix + "orders_dead", "messages", new MessageCounts(0, 0, 0)));

			SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
			String url = context.getBean(QueueResolver.class).url("orders_dead");
			sqs.deleteQueue((request) -> request.queueUrl(url)).join();
			Health down = indicator.health();

			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(queues(down)).containsOnlyKeys("cron", "orders", "reports");
			assertThat(down.getDetails().get("unreachable")).isEqualTo(Map.of("orders_dead",
					Map.of("name", this.prefix + "orders_dead", "error", "SQS queue '" + this.prefix
							+ "orders_dead' does not exist: create it, or set sqs-tasks.create-queues=true and "
							+ "restart the application")));
		});
	}

	@Test
	void aQueueWhoseBrokerDoesNotAnswerInTimeIsReportedWithTheTimeout() {
		SqsAsyncClient silent = new SqsAsyncClient() {

			@Override
			public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest request) {
				return new CompletableFuture<>();
			}

			@Override
			public String serviceName() {
				return "sqs";
			}

			@Override
			public void close() {
			}

		};
		QueueProbe probe = new QueueProbe(silent, new QueueResolver(silent, "p-"), Duration.ofMillis(50));

		QueueProbe.Result result = probe.probe("orders").join();

		assertThat(result.reachable()).isFalse();
		assertThat(result.error()).isEqualTo("SQS did not answer for queue 'p-orders' within 50 ms: check the SQS "
				+ "endpoint, the network and the credentials");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> queues(Health health) {
		return (Map<String, Object>) health.getDetails().get("queues");
	}

}
