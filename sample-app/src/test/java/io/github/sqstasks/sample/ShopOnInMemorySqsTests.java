package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.schedule.ScheduleRunner;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole shop under {@code @SpringBootTest}, on the in-memory SQS instead of its embedded ElasticMQ.
 */
@SpringBootTest(properties = "shop.demo-orders=0")
@AutoConfigureInMemorySqs
class ShopOnInMemorySqsTests {

	@Autowired
	OrderService orders;

	@Autowired
	InvoiceTasks invoices;

	@Autowired
	ReportTasks reports;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theWholeApplicationRunsOnTheInMemorySqs() {
		assertThat(this.context.getBeanNamesForType(EmbeddedSqsBroker.class)).isEmpty();

		Order order = this.orders.placeOrder("dee@example.com", List.of(new Order.Line("mug", 3, new BigDecimal("4.00"))));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(this.invoices.invoices().get(order.id())).isEqualByComparingTo("12");
		assertThat(this.sqs.enqueued("invoices")).isEmpty();
		assertThat(this.sqs.enqueued("emails")).isEmpty();
	}

	@Test
	void theNightlyReportRunsAtTwoInTheMorningBerlinTime() {
		ScheduleRunner schedules = this.context.getBean(ScheduleRunner.class);
		this.sqs.clock().addListener(schedules::wakeUp);
		// The clock starts at 2030-01-01T00:00:00Z, 01:00 in Berlin.
		this.sqs.clock().set(Instant.parse("2030-01-01T01:00:00Z"));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.reports.reports()).singleElement()
				.satisfies((report) -> assertThat(report).startsWith("Nightly report (text) for 2030-01-01T01:00:00Z")));
	}

	@Test
	void anOrderRolledBackSendsNoJob() {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.orders.placeOrder("eve@example.com", List.of(new Order.Line("mug", 1, new BigDecimal("4.00"))));
			status.setRollbackOnly();
		});

		assertThat(this.sqs.enqueued("emails")).isEmpty();
		assertThat(this.sqs.enqueued("invoices")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE customer_email = 'eve@example.com'",
				Integer.class)).isZero();
	}

}
