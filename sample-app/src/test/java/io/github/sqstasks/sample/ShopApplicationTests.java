package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop, on its embedded broker: an order's e-mail and invoice tasks are processed.
 */
@SpringBootTest(properties = { "shop.demo-orders=0", "sqs-tasks.defaults.poll-timeout=1s" })
class ShopApplicationTests {

	@Autowired
	OrderService orders;

	@Autowired
	EmailTasks emails;

	@Autowired
	InvoiceTasks invoices;

	@Test
	void placingAnOrderSendsItsEmailAndCreatesItsInvoice() {
		Order order = this.orders.placeOrder("ann@example.com",
				List.of(new Order.Line("book", 2, new BigDecimal("12.50")), new Order.Line("pen", 1, new BigDecimal("1.20"))));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.emails.sent()).contains("ann@example.com:" + order.id());
			assertThat(this.invoices.invoices().get(order.id())).isEqualByComparingTo("26.20");
		});
	}

	@Test
	void importedOrdersAreSentInABatchAndAllProcessed() {
		List<Order> imported = this.orders.importOrders(List.of(
				java.util.Map.entry("a@example.com", List.of(new Order.Line("x", 1, BigDecimal.ONE))),
				java.util.Map.entry("b@example.com", List.of(new Order.Line("y", 3, BigDecimal.TEN)))));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.invoices.invoices().get(imported.get(0).id())).isEqualByComparingTo("1");
			assertThat(this.invoices.invoices().get(imported.get(1).id())).isEqualByComparingTo("30");
		});
	}

	@Test
	void aBakedReminderStoredAsJsonIsSentLaterAndProcessed() {
		String stored = this.orders.bakeReminder("c@example.com", "don't forget");
		assertThat(stored).contains("\"task\":\"send_reminder\"");

		this.orders.sendBaked(stored);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.emails.sent()).contains("c@example.com:don't forget"));
	}

}
