package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.deadletter.RedriveResult;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code sqstasks} endpoint on the embedded ElasticMQ: what it reports after a run, purge and redrive.
 */
class SqsTasksEndpointTests {

	private final String prefix = TestBroker.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
				SqsTasksActuatorAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, TestBroker::client)
		.withBean(OrderTasks.class)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.queues.orders.dead-letter-queue=orders_dead",
				"sqs-tasks.queues.reports.concurrency=1", "management.endpoints.web.exposure.include=sqstasks");

	@Test
	void afterARunTheReportShowsCountersDeadLetterDepthAndMessageCountsOfEveryQueue() {
		this.runner.run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			for (int n : new int[] { 1, 2, 3, -1 }) {
				tasks.addJob("orders", "ship", Map.of("n", n));
			}
			tasks.addJob("reports", "monthly", Map.of());
			tasks.addJob("reports", "monthly", Map.of(), JobOptions.defaults().delay(Duration.ofMinutes(1)));
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				QueueReport orders = endpoint.queues().queues().get("orders");
				assertThat(orders.counters()).isEqualTo(
						Map.of("ship", Map.of(TaskOutcome.SUCCEEDED, 3L, TaskOutcome.DEAD_LETTERED, 1L)));
				assertThat(orders.deadLetterQueue()).isEqualTo(
						new QueueReport.DeadLetterQueue("orders_dead", this.prefix + "orders_dead", 1L, null));
			});
			SqsTasksReport report = endpoint.queues();
			assertThat(report.queues()).containsOnlyKeys("cron", "orders", "reports");
			QueueReport orders = report.queues().get("orders");
			assertThat(orders.name()).isEqualTo(this.prefix + "orders");
			assertThat(orders.consumed()).isTrue();
			assertThat(orders.handlers()).containsExactly(new QueueReport.Handler("ship", false, false,
					OrderTasks.class.getName() + "#ship(int)"));
			assertThat(report.queues().get("cron").handlers()).singleElement()
				.satisfies((handler) -> assertThat(handler.raw()).isTrue());
			QueueReport reports = report.queues().get("reports");
			assertThat(reports.handlers()).isEmpty();
			assertThat(reports.consumed()).isFalse();
			assertThat(reports.deadLetterQueue()).isNull();
			assertThat(reports.messages()).isEqualTo(new MessageCounts(1, 0, 1));
		});
	}

	@Test
	void theReportRendersAsJsonWithCountersByTaskAndOutcome() {
		this.runner.run((context) -> {
			context.getBean(SqsTaskTemplate.class).addJob("orders", "ship", Map.of("n", -5));
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			// until the dead-lettered message's delete from 'orders' has reached the broker too
			await().atMost(Duration.ofSeconds(15)).until(endpoint::queues,
					(report) -> report.unfinishedMessages() == 0
							&& report.queues().get("orders").messages().total() == 0
							&& report.queues().get("orders").deadLetterQueue().depth() == 1L);

			String json = new ObjectMapper().writeValueAsString(endpoint.queues());

			assertThat(json).contains("\"unfinishedMessages\":0")
				.contains("\"orders\":{\"name\":\"" + this.prefix + "orders\"")
				.contains("\"counters\":{\"ship\":{\"DEAD_LETTERED\":1}}")
				.contains("\"deadLetterQueue\":{\"queue\":\"orders_dead\",\"name\":\"" + this.prefix
						+ "orders_dead\",\"depth\":1,\"error\":null}")
				.contains("\"messages\":{\"visible\":0,\"inFlight\":0,\"delayed\":0}");
		});
	}

	@Test
	void purgeEmptiesAQueueAndReportsWhatItHeld() {
		this.runner.run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			tasks.addJob("reports", "daily", Map.of());
			tasks.addJob("reports", "daily", Map.of());
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);

			Object result = endpoint.operate("reports", "purge");

			assertThat(result).isEqualTo(new PurgeResult("reports", this.prefix + "reports", new MessageCounts(2, 0, 0)));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(endpoint.queue("reports").messages().total()).isZero());
		});
	}

	@Test
	void purgeAlsoTakesADeadLetterQueue() {
		this.runner.run((context) -> {
			context.getBean(SqsTaskTemplate.class).addJob("orders", "ship", Map.of("n", -1));
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> endpoint.queue("orders").deadLetterQueue().depth(), (depth) -> depth == 1L);

			PurgeResult result = endpoint.purge("orders_dead");

			assertThat(result.messagesBefore().visible()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> endpoint.queue("orders").deadLetterQueue().depth(), (depth) -> depth == 0L);
		});
	}

	@Test
	void redriveMovesDeadLetteredMessagesBackAndTheyAreHandled() {
		this.runner.run((context) -> {
			SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
			tasks.addJob("orders", "ship", Map.of("n", -1));
			tasks.addJob("orders", "ship", Map.of("n", -2));
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> endpoint.queue("orders").deadLetterQueue().depth(), (depth) -> depth == 2L);
			OrderTasks handlers = context.getBean(OrderTasks.class);
			handlers.refuseNegative.set(false);

			Object result = endpoint.operate("orders", "redrive");

			assertThat(result).isInstanceOfSatisfying(RedriveResult.class, (redrive) -> {
				assertThat(redrive.deadLetterQueue()).isEqualTo("orders_dead");
				assertThat(redrive.moved()).isEqualTo(2);
			});
			await().atMost(Duration.ofSeconds(15)).until(() -> handlers.shipped.size() == 2);
			assertThat(handlers.shipped).containsExactlyInAnyOrder(-1, -2);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(endpoint.queue("orders").counters().get("ship"))
					.containsEntry(TaskOutcome.SUCCEEDED, 2L)
					.containsEntry(TaskOutcome.DEAD_LETTERED, 2L));
		});
	}

}
