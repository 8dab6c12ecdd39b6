package io.github.sqstasks.actuate;

import java.util.Map;

import io.github.sqstasks.actuate.SqsTasksEndpointException.Kind;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Requests the {@code sqstasks} endpoint cannot carry out are answered with a message naming the queue, on the
 * in-memory SQS.
 */
class SqsTasksEndpointErrorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
				SqsTasksActuatorAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, InMemorySqsAsyncClient::new)
		.withBean(OrderTasks.class)
		.withPropertyValues("sqs-tasks.listener.enabled=false", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=shop-", "sqs-tasks.queues.orders.dead-letter-queue=orders_dead",
				"management.endpoints.web.exposure.include=sqstasks");

	@Test
	void anUnknownQueueIsRefusedWithTheKnownQueues() {
		this.runner.run((context) -> {
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);

			assertThatExceptionOfType(SqsTasksEndpointException.class).isThrownBy(() -> endpoint.queue("shop-orders"))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.UNKNOWN_QUEUE))
				.withMessage("Unknown sqs-tasks queue 'shop-orders': it has no handler in this application and is not "
						+ "configured under sqs-tasks.queues. Known queues: cron, orders. Leave out the prefix 'shop-'.");
			assertThatExceptionOfType(SqsTasksEndpointException.class)
				.isThrownBy(() -> endpoint.operate("nope", "purge"))
				.withMessageContaining("Unknown sqs-tasks queue 'nope'");
		});
	}

	@Test
	void theWebExtensionAnswersErrorsWithAStatusAndABodyNamingTheQueue() {
		this.runner.run((context) -> {
			SqsTasksEndpointWebExtension web = context.getBean(SqsTasksEndpointWebExtension.class);

			delete(context, "shop-orders");
			WebEndpointResponse<Object> unknown = web.queue("nope");
			WebEndpointResponse<Object> badAction = web.operate("orders", "delete");
			WebEndpointResponse<Object> noDeadLetterQueue = web.operate("cron", "redrive");
			WebEndpointResponse<Object> missing = web.operate("orders", "purge");

			assertThat(unknown.getStatus()).isEqualTo(404);
			assertThat(unknown.getBody()).isEqualTo(Map.of("queue", "nope", "error", "Unknown sqs-tasks queue 'nope': "
					+ "it has no handler in this application and is not configured under sqs-tasks.queues. "
					+ "Known queues: cron, orders."));
			assertThat(badAction.getStatus()).isEqualTo(400);
			assertThat(badAction.getBody()).hasToString("{queue=orders, error=Unknown action 'delete' for queue "
					+ "'orders': use 'purge' or 'redrive', as in POST /actuator/sqstasks/orders/purge}");
			assertThat(noDeadLetterQueue.getStatus()).isEqualTo(400);
			assertThat(noDeadLetterQueue.getBody()).hasToString("{queue=cron, error=Queue 'cron' has no dead-letter "
					+ "queue to redrive: set sqs-tasks.queues.cron.dead-letter-queue}");
			assertThat(missing.getStatus()).isEqualTo(503);
			assertThat(missing.getBody()).hasToString("{queue=orders, error=Cannot purge queue 'orders': SQS queue "
					+ "'shop-orders' does not exist: create it, or set sqs-tasks.create-queues=true and restart the "
					+ "application}");
		});
	}

	@Test
	void aQueueThatCannotBeReachedIsReportedWithItsErrorAndTheOthersStillAre() {
		this.runner.run((context) -> {
			delete(context, "shop-orders");
			delete(context, "shop-orders_dead");
			// with the listener off, only configured queues are created
			context.getBean(SqsAsyncClient.class).createQueue((request) -> request.queueName("shop-cron")).join();

			SqsTasksReport report = context.getBean(SqsTasksEndpoint.class).queues();

			QueueReport orders = report.queues().get("orders");
			assertThat(orders.messages()).isNull();
			assertThat(orders.error()).isEqualTo("SQS queue 'shop-orders' does not exist: create it, or set "
					+ "sqs-tasks.create-queues=true and restart the application");
			assertThat(orders.deadLetterQueue().depth()).isNull();
			assertThat(orders.deadLetterQueue().error()).contains("'shop-orders_dead' does not exist");
			assertThat(orders.consumed()).isFalse();
			assertThat(report.queues().get("cron").messages()).isEqualTo(new MessageCounts(0, 0, 0));
			assertThat(report.unfinishedMessages()).isZero();
		});
	}

	private static void delete(ApplicationContext context, String name) {
		SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
		String url = sqs.getQueueUrl((request) -> request.queueName(name)).join().queueUrl();
		sqs.deleteQueue((request) -> request.queueUrl(url)).join();
	}

}
