package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.sqstasks.annotation.SqsTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates invoices; the order arrives as a record, bound from the task's JSON arguments.
 */
@Component
public class InvoiceTasks {

	private static final Logger logger = LoggerFactory.getLogger(InvoiceTasks.class);

	private final Map<String, BigDecimal> invoices = new ConcurrentHashMap<>();

	@SqsTask(queue = "invoices", name = "create_invoice")
	void createInvoice(Order order) {
		BigDecimal total = order.total();
		this.invoices.put(order.id(), total);
		logger.info("Invoice created for order {}: {} line(s), total {}", order.id(), order.lines().size(), total);
	}

	/**
	 * Returns the invoiced total of each order.
	 * @return order id to total
	 */
	public Map<String, BigDecimal> invoices() {
		return Map.copyOf(this.invoices);
	}

}
