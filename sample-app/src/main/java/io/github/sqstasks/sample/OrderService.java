package io.github.sqstasks.sample;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.producer.BakedTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders: the order is stored at once, the e-mail and the invoice are background tasks that follow the
 * order's transaction (through the sqs-tasks outbox: sent after commit, never for an order that was rolled back).
 */
@Service
public class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private static final ObjectMapper json = new ObjectMapper();

	private final SqsTaskTemplate tasks;

	private final EmailClient emails;

	private final JdbcTemplate jdbc;

	public OrderService(SqsTaskTemplate tasks, EmailClient emails, JdbcTemplate jdbc) {
		this.tasks = tasks;
		this.emails = emails;
		this.jdbc = jdbc;
	}

	/**
	 * Stores an order and enqueues its follow-up work, in one transaction.
	 * @param customerEmail the customer's address
	 * @param lines the order lines
	 * @return the order
	 */
	@Transactional
	public Order placeOrder(String customerEmail, List<Order.Line> lines) {
		Order order = new Order(UUID.randomUUID().toString().substring(0, 8), customerEmail, lines);
		this.jdbc.update("INSERT INTO orders (id, customer_email, total) VALUES (?, ?, ?)", order.id(), customerEmail,
				order.total());
		// Everything enqueued inside this scope carries the order id; handlers find it in TaskContext and the MDC.
		try (TaskContext.Scope scope = TaskContext.with("order_id", order.id())) {
			this.emails.sendConfirmation(customerEmail, order.id());
			this.tasks.addJob("invoices", "create_invoice", Map.of("order", order));
		}
		logger.info("Order {} placed for {}: {} line(s), total {}", order.id(), customerEmail, lines.size(),
				order.total());
		return order;
	}

	/**
	 * Imports many orders in one transaction: their jobs are sent after it commits, in SendMessageBatch requests of up
	 * to 10.
	 * @param orders the customers' addresses and lines
	 * @return the orders
	 */
	@Transactional
	public List<Order> importOrders(List<Map.Entry<String, List<Order.Line>>> orders) {
		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			return orders.stream().map((entry) -> placeOrder(entry.getKey(), entry.getValue())).toList();
		}
	}

	/**
	 * Prepares a reminder without sending it, as JSON that could sit in a database until it is due.
	 * @param customerEmail the customer
	 * @param text the reminder
	 * @return the baked task as JSON
	 */
	public String bakeReminder(String customerEmail, String text) {
		BakedTask reminder = this.tasks.bake("emails", "send_reminder", Map.of("to", customerEmail, "text", text));
		try {
			return json.writeValueAsString(reminder);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a reminder baked earlier.
	 * @param bakedJson the JSON from {@link #bakeReminder}
	 */
	public void sendBaked(String bakedJson) {
		try {
			this.tasks.addJob(json.readValue(bakedJson, BakedTask.class));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Not a baked task: " + ex.getOriginalMessage(), ex);
		}
	}

}
