package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

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
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Test
	void theWholeApplicationRunsOnTheInMemorySqs() {
		assertThat(this.context.getBeanNamesForType(EmbeddedSqsBroker.class)).isEmpty();

		Order order = this.orders.placeOrder("dee@example.com", List.of(new Order.Line("mug", 3, new BigDecimal("4.00"))));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(this.invoices.invoices().get(order.id())).isEqualByComparingTo("12");
		assertThat(this.sqs.enqueued("invoices")).isEmpty();
		assertThat(this.sqs.enqueued("emails")).isEmpty();
	}

}
