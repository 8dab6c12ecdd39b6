package io.github.sqstasks.test.slice;

import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code includeFilters} adds a scanned component that the default filters leave out, next to the handlers.
 */
@SqsTaskTest(includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = OrderService.class))
class SqsTaskTestIncludeFiltersTests {

	@Autowired
	OrderService orders;

	@Autowired
	InvoiceTasks invoices;

	@Autowired
	InMemorySqs sqs;

	@Test
	void anIncludedServiceEnqueuesForTheScannedHandlers() {
		this.orders.placeOrder("o-9", "2.50");

		this.sqs.processUntilIdle();

		assertThat(this.invoices.invoiced).containsExactly("o-9:250");
	}

}
