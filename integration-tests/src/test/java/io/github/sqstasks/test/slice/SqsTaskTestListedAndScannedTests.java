package io.github.sqstasks.test.slice;

import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class in {@code tasks} that scanning also finds is one bean, so its handlers are registered once.
 */
@SqsTaskTest(tasks = InvoiceTasks.class)
class SqsTaskTestListedAndScannedTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Test
	void aListedClassThatScanningFindsIsOneBeanThatHandlesEachJobOnce() {
		assertThat(this.context.getBeanNamesForType(InvoiceTasks.class)).containsExactly(InvoiceTasks.class.getName());
		this.tasks.addJob("invoices", "createInvoice", Map.of("orderId", "o-4", "total", "4.00"));

		this.sqs.processUntilIdle();

		assertThat(this.context.getBean(InvoiceTasks.class).invoiced).containsExactly("o-4:400");
	}

}
