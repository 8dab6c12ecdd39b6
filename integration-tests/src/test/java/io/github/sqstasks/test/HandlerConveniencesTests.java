package io.github.sqstasks.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.annotation.SqsTaskQueue;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.core.MessageMdc;
import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What handlers get beyond their arguments: {@code run} returns the handler's result, the MDC names the message being
 * handled, a class can name the default queue of its handlers, and the message exposes SQS's system attributes.
 */
@SqsTaskTest(tasks = { HandlerConveniencesTests.Reports.class, HandlerConveniencesTests.Orders.class })
class HandlerConveniencesTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Reports reports;

	@Autowired
	Orders orders;

	@BeforeEach
	void clear() {
		this.reports.seen.clear();
		this.orders.seen.clear();
	}

	@Test
	void runReturnsWhatTheHandlerReturns() {
		assertThat(this.tasks.run("reports", "render", Map.of("id", 7))).isEqualTo("report 7");
		assertThat(this.tasks.run("audit", "audit", Map.of("id", 7))).isNull();
	}

	@Test
	void theMdcNamesTheQueueTaskAndMessageOfTheMessageBeingHandled() {
		String id = this.tasks.addJob("reports", "render", Map.of("id", 1));
		this.sqs.processUntilIdle();

		assertThat(this.reports.seen).containsExactly("queue=reports task=render message=" + id);
		assertThat(MDC.get(MessageMdc.QUEUE)).isNull();
	}

	@Test
	void aClassLevelQueueIsTheDefaultOfItsHandlersAndAMethodsOwnQueueWins() {
		this.tasks.addJob("reports", "render", Map.of("id", 2));
		this.tasks.addJob("audit", "audit", Map.of("id", 3));
		this.sqs.processUntilIdle();

		assertThat(this.reports.seen).hasSize(2).anySatisfy((line) -> assertThat(line).startsWith("queue=audit task=audit"));
	}

	@Test
	void aTaskMessageExposesTheSqsSystemAttributes() {
		this.tasks.addJob("orders.fifo", "ship", Map.of("id", 1),
				JobOptions.defaults().groupId("customer-7").deduplicationId("o-1"));
		this.sqs.processUntilIdle();

		assertThat(this.orders.seen).singleElement().satisfies((message) -> {
			assertThat(message.groupId()).isEqualTo("customer-7");
			assertThat(message.sequenceNumber()).isNotBlank();
			assertThat(message.senderId()).isNotBlank();
			assertThat(message.firstReceivedAt()).isEqualTo(this.sqs.clock().instant());
			assertThat(message.sentAt()).isEqualTo(this.sqs.clock().instant());
		});
	}

	@Test
	void processUntilIdleReturnsWhileAFifoHeadWaitsForItsRetry() {
		this.tasks.addJob("orders.fifo", "ship", Map.of("id", -1), JobOptions.defaults().groupId("g").deduplicationId("a"));
		this.tasks.addJob("orders.fifo", "ship", Map.of("id", 2), JobOptions.defaults().groupId("g").deduplicationId("b"));
		this.sqs.processUntilIdle(Duration.ofSeconds(5));
		assertThat(this.orders.seen).extracting(TaskMessage::body).containsExactly("{\"id\":-1}");

		this.sqs.advance(Duration.ofSeconds(5));
		this.sqs.processUntilIdle(Duration.ofSeconds(5));
		assertThat(this.orders.seen).extracting(TaskMessage::body)
			.containsExactly("{\"id\":-1}", "{\"id\":-1}", "{\"id\":2}");
	}

	@Test
	void aHandlerWithoutAQueueFailsStartUpNamingTheMethod() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, InMemorySqsAsyncClient::new)
			.withBean(NoQueue.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(TaskDefinitionException.class)
				.hasMessageContaining("NoQueue.orphan")
				.hasMessageContaining("@SqsTaskQueue"));
	}

	@SqsTaskQueue("reports")
	static class Reports {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@SqsTask
		String render(int id) {
			this.seen.add("queue=" + MDC.get(MessageMdc.QUEUE) + " task=" + MDC.get(MessageMdc.TASK) + " message="
					+ MDC.get(MessageMdc.MESSAGE_ID));
			return "report " + id;
		}

		@SqsTask(queue = "audit")
		void audit(int id) {
			this.seen.add("queue=" + MDC.get(MessageMdc.QUEUE) + " task=" + MDC.get(MessageMdc.TASK));
		}

	}

	static class Orders {

		final List<TaskMessage> seen = new CopyOnWriteArrayList<>();

		private final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();

		@SqsTask(queue = "orders.fifo")
		void ship(int id, TaskMessage message) {
			this.seen.add(message);
			if (id < 0 && this.failed.compareAndSet(false, true)) {
				throw new IllegalStateException("the head fails once");
			}
		}

	}

	static class NoQueue {

		@SqsTask
		void orphan(int id) {
		}

	}

}
