package io.github.sqstasks.test.slice;

import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureInMemorySqs} on a whole {@code @SpringBootTest} of the application, without the slice.
 */
@SpringBootTest
@AutoConfigureInMemorySqs
class InMemorySqsOnSpringBootTestTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	OrderService orders;

	@Autowired
	InvoiceTasks invoices;

	@Test
	void theWholeApplicationRunsOnTheInMemorySqs() {
		assertThat(this.context.getBean(SqsAsyncClient.class)).isSameAs(this.sqs.client());
		assertThat(this.context.getBeanNamesForType(SliceBeans.class)).hasSize(1);
		this.sqs.clear();

		this.orders.placeOrder("o-5", "5.00");
		this.sqs.processUntilIdle();

		assertThat(this.invoices.invoiced).containsExactly("o-5:500");
	}

}
