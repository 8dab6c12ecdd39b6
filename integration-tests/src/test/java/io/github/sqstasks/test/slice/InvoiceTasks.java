package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;

import org.springframework.stereotype.Component;

/**
 * A handler found by its {@code @SqsTask} method; its {@link Cents} argument binds only with {@link CentsModule}.
 */
@Component
class InvoiceTasks {

	final List<String> invoiced = new CopyOnWriteArrayList<>();

	@SqsTask(queue = "invoices")
	void createInvoice(String orderId, Cents total) {
		this.invoiced.add(orderId + ":" + total.value());
	}

}
