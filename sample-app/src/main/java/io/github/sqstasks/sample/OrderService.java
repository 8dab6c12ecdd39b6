package io.github.sqstasks.sample;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Places orders: the order is accepted at once, the e-mail and the invoice are background tasks.
 */
@Service
public class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private final SqsTaskTemplate tasks;

	public OrderService(SqsTaskTemplate tasks) {
		this.tasks = tasks;
	}

	/**
	 * Accepts an order and enqueues its follow-up work.
	 * @param customerEmail the customer's address
	 * @param lines the order lines
	 * @return the order
	 */
	public Order placeOrder(String customerEmail, List<Order.Line> lines) {
		Order order = new Order(UUID.randomUUID().toString().substring(0, 8), customerEmail, lines);
		// Everything enqueued inside this scope carries the order id; handlers find it in TaskContext and the MDC.
		try (TaskContext.Scope scope = TaskContext.with("order_id", order.id())) {
			this.tasks.addJob("emails", "send_confirmation", Map.of("to", customerEmail, "orderId", order.id()));
			this.tasks.addJob("invoices", "create_invoice", Map.of("order", order));
		}
		logger.info("Order {} placed for {}: {} line(s), total {}", order.id(), customerEmail, lines.size(),
				order.total());
		return order;
	}

}
