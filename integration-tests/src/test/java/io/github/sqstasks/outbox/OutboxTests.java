package io.github.sqstasks.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksTransactionAutoConfiguration;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.producer.TestSqs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code sqs-tasks.outbox.enabled}, jobs added in a transaction are rows of the outbox table in that
 * transaction, and reach SQS after commit even when SQS was down or the application stopped before relaying them.
 */
class OutboxTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final TestDatabase database = new TestDatabase();

	private final String prefix = TestSqs.uniquePrefix();

	private final AtomicBoolean sqsDown = new AtomicBoolean();

	private final SqsAsyncClient sqs = TestSqs.client();

	private final Orders orders = new Orders();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, SqsTasksAutoConfiguration.class,
				SqsTasksTransactionAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> TestSqs.client(new Outage(this.sqsDown)))
		.withPropertyValues(this.database.properties())
		.withPropertyValues("sqs-tasks.outbox.enabled=true", "sqs-tasks.outbox.relay-interval=100ms",
				"sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.listener.enabled=false");

	@Test
	void theJobIsARowOfTheTransactionUntilItCommits() {
		String url = createQueue("orders");
		this.runner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			JdbcTemplate elsewhere = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			inTransaction(context, () -> {
				assertThat(tasks(context).addJob("orders", "confirm", Map.of("orderId", 7))).isNull();
				assertThat(count(jdbc, "SELECT COUNT(*) FROM " + this.database.outboxTable())).isEqualTo(1);
				assertThat(rowsSeenFromAnotherConnection(context)).isZero();
				assertThat(TestSqs.receive(this.sqs, url)).isEmpty();
			});
			await().atMost(WAIT).until(() -> count(elsewhere, "SELECT COUNT(*) FROM " + this.database.outboxTable()),
					(rows) -> rows == 0);
		});
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body).containsExactly("{\"orderId\":7}");
	}

	@Test
	void whenTheTransactionRollsBackThereIsNoRowAndNothingIsSent() {
		String url = createQueue("orders");
		this.runner.run((context) -> {
			new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult((status) -> {
				tasks(context).addJob("orders", "confirm", Map.of("orderId", 7));
				status.setRollbackOnly();
			});
			assertThat(context.getBean(OutboxRelay.class).relay()).isZero();
			assertThat(waiting(context)).isZero();
		});
		assertThat(TestSqs.receive(this.sqs, url)).isEmpty();
	}

	@Test
	void theHandlerRunsAfterCommitAndSeesTheCommittedRow() {
		String orderTable = this.database.table("orders");
		this.runner.withPropertyValues("sqs-tasks.listener.enabled=true", "sqs-tasks.create-queues=true",
				"sqs-tasks.defaults.poll-timeout=1s", "test.orders=" + orderTable)
			.withBean(Orders.class, () -> this.orders)
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				jdbc.execute("CREATE TABLE " + orderTable + " (id BIGINT PRIMARY KEY)");
				this.orders.jdbc = jdbc;
				this.orders.table = orderTable;
				String url = context.getBean(io.github.sqstasks.core.QueueResolver.class).url("orders");
				inTransaction(context, () -> {
					jdbc.update("INSERT INTO " + orderTable + " (id) VALUES (42)");
					tasks(context).addJob("orders", "confirm", Map.of("orderId", 42));
					// Sent now, the job would be handled before the commit: give a worker the chance to.
					await().atMost(WAIT).until(() -> !this.orders.seen.isEmpty() || messagesIn(url) == 0);
				});
				await().atMost(WAIT).until(() -> this.orders.seen.size() == 1);
				assertThat(this.orders.seen).containsExactly("42:found");
			});
	}

	@Test
	void aRequiresNewTransactionSendsItsJobWhenTheOuterOneRollsBack() {
		String url = createQueue("orders");
		this.runner.run((context) -> {
			PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
			TransactionTemplate inner = new TransactionTemplate(transactions);
			inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			new TransactionTemplate(transactions).executeWithoutResult((outer) -> {
				tasks(context).addJob("orders", "confirm", Map.of("orderId", 1));
				inner.executeWithoutResult((status) -> tasks(context).addJob("orders", "confirm", Map.of("orderId", 2)));
				outer.setRollbackOnly();
			});
			await().atMost(WAIT).until(() -> waiting(context) == 0);
		});
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body).containsExactly("{\"orderId\":2}");
	}

	@Test
	void whenSqsIsDownAtCommitTheJobIsDeliveredOnceSqsIsBack() {
		String url = createQueue("orders");
		this.runner.run((context) -> {
			tasks(context).addJob("orders", "warm_up", Map.of());
			this.sqsDown.set(true);
			inTransaction(context, () -> tasks(context).addJob("orders", "confirm", Map.of("orderId", 7)));
			await().atMost(WAIT).until(() -> this.sqsDown.get() && failedSends() >= 2);
			assertThat(waiting(context)).isEqualTo(1);
			this.sqsDown.set(false);
			await().atMost(WAIT).until(() -> waiting(context) == 0);
		});
		assertThat(receiveAll(url)).extracting(Message::body).containsExactlyInAnyOrder("{}", "{\"orderId\":7}");
	}

	@Test
	void jobsCommittedBeforeTheApplicationStoppedAreDeliveredByTheNextInstance() {
		String url = createQueue("orders");
		this.runner.run((first) -> {
			first.getBean(OutboxRelay.class).stop();
			inTransaction(first, () -> {
				for (int i = 0; i < 3; i++) {
					tasks(first).addJob("orders", "confirm", Map.of("orderId", i));
				}
			});
			assertThat(waiting(first)).isEqualTo(3);
		});
		assertThat(TestSqs.receive(this.sqs, url)).isEmpty();

		this.runner.run((second) -> await().atMost(WAIT).until(() -> waiting(second) == 0));
		assertThat(receiveAll(url)).extracting(Message::body)
			.containsExactlyInAnyOrder("{\"orderId\":0}", "{\"orderId\":1}", "{\"orderId\":2}");
	}

	@Test
	void fifoJobsKeepTheirGroupDeduplicationIdAndOrder() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "ship.fifo", Map.of(QueueAttributeName.FIFO_QUEUE,
				"true"));
		this.runner.run((context) -> {
			context.getBean(OutboxRelay.class).stop();
			inTransaction(context, () -> {
				for (int i = 0; i < 15; i++) {
					tasks(context).addJob("ship.fifo", "ship", Map.of("n", i),
							JobOptions.defaults().groupId("customer-1").deduplicationId("order-" + i));
				}
			});
			assertThat(context.getBean(OutboxRelay.class).relay()).isEqualTo(15);
		});
		List<Message> messages = receiveAll(url);
		assertThat(messages).extracting(Message::body)
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 15).mapToObj((i) -> "{\"n\":" + i + "}")
				.toList());
		assertThat(messages).allSatisfy((message) -> assertThat(
				message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("customer-1"));
		assertThat(messages.get(3).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
			.isEqualTo("order-3");
	}

	@Test
	void twoRelaysOnOneDatabaseSendEachRowOnce() {
		String url = createQueue("orders");
		this.runner.withPropertyValues("sqs-tasks.outbox.batch-size=7").run((context) -> {
			OutboxRelay own = context.getBean(OutboxRelay.class);
			own.stop();
			inTransaction(context, () -> {
				for (int i = 0; i < 100; i++) {
					tasks(context).addJob("orders", "confirm", Map.of("orderId", i));
				}
			});
			OutboxRelay other = new OutboxRelay(context.getBean(OutboxTable.class), this.sqs,
					context.getBean(io.github.sqstasks.core.QueueResolver.class), java.time.Clock.systemUTC(),
					Duration.ofMillis(100), 7, Duration.ofMinutes(1), (queue, phase) -> {
					});
			int[] sent = new int[2];
			Thread second = new Thread(() -> sent[1] = other.relay());
			second.start();
			sent[0] = own.relay();
			await().atMost(WAIT).until(() -> !second.isAlive());
			assertThat(sent[0] + sent[1]).isEqualTo(100);
			assertThat(waiting(context)).isZero();
		});
		List<Message> messages = receiveAll(url);
		assertThat(messages).hasSize(100);
		assertThat(Set.copyOf(messages.stream().map(Message::body).toList())).hasSize(100);
	}

	@Test
	void aClaimedRowIsNotClaimedAgainUntilItsLeaseRunsOut() {
		this.runner.run((context) -> {
			context.getBean(OutboxRelay.class).stop();
			createQueue("orders");
			inTransaction(context, () -> tasks(context).addJob("orders", "confirm", Map.of("orderId", 1)));
			OutboxTable table = context.getBean(OutboxTable.class);
			java.time.Instant now = java.time.Instant.now();
			assertThat(table.claim("a", now, now.plusSeconds(30), 10)).hasSize(1);
			assertThat(table.claim("b", now.plusSeconds(29), now.plusSeconds(59), 10)).isEmpty();
			assertThat(table.claim("b", now.plusSeconds(30), now.plusSeconds(60), 10)).extracting(OutboxRow::id)
				.hasSize(1);
		});
	}

	private void inTransaction(ApplicationContext context, Runnable work) {
		new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
			.executeWithoutResult((status) -> work.run());
	}

	private SqsTaskTemplate tasks(ApplicationContext context) {
		return context.getBean(SqsTaskTemplate.class);
	}

	private long waiting(ApplicationContext context) {
		return context.getBean(OutboxTable.class).waiting();
	}

	private long rowsSeenFromAnotherConnection(ApplicationContext context) {
		try (java.sql.Connection connection = context.getBean(javax.sql.DataSource.class).getConnection();
				java.sql.ResultSet rows = connection.createStatement()
					.executeQuery("SELECT COUNT(*) FROM " + this.database.outboxTable())) {
			rows.next();
			return rows.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		Long count = jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private int failedSends() {
		return this.failed.get();
	}

	private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();

	private int messagesIn(String url) {
		Map<QueueAttributeName, String> counts = this.sqs.getQueueAttributes((request) -> request.queueUrl(url)
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
					QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private String createQueue(String name) {
		return TestSqs.createQueue(this.sqs, this.prefix + name, Map.of());
	}

	private List<Message> receiveAll(String url) {
		return TestSqs.drain(this.sqs, url);
	}

	/**
	 * Fails every send while SQS is "down", and counts the failures; other calls go through.
	 */
	private final class Outage implements ExecutionInterceptor {

		private final AtomicBoolean down;

		Outage(AtomicBoolean down) {
			this.down = down;
		}

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			if (this.down.get() && (context.request() instanceof SendMessageBatchRequest
					|| context.request() instanceof SendMessageRequest)) {
				OutboxTests.this.failed.incrementAndGet();
				throw NonRetryableException.create("SQS is unreachable (test)");
			}
		}

	}

	/**
	 * A handler that looks its order up in the database.
	 */
	static class Orders {

		final List<String> seen = new CopyOnWriteArrayList<>();

		volatile JdbcTemplate jdbc;

		volatile String table;

		@SqsTask(queue = "orders", name = "confirm")
		void confirm(long orderId) {
			Long found = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.table + " WHERE id = ?", Long.class,
					orderId);
			this.seen.add(orderId + ":" + ((found != null && found == 1) ? "found" : "missing"));
		}

	}

}
