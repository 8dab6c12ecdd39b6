package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order; {@code GET /invoices/{orderId}} shows its invoice once the task ran.
 */
@RestController
class OrderController {

	private final OrderService orders;

	private final InvoiceTasks invoices;

	OrderController(OrderService orders, InvoiceTasks invoices) {
		this.orders = orders;
		this.invoices = invoices;
	}

	@PostMapping("/orders")
	Map<String, String> place(@RequestBody NewOrder order) {
		return Map.of("orderId", this.orders.placeOrder(order.customerEmail(), order.lines()).id());
	}

	@GetMapping("/invoices/{orderId}")
	ResponseEntity<Map<String, Object>> invoice(@PathVariable String orderId) {
		BigDecimal total = this.invoices.invoices().get(orderId);
		return (total != null) ? ResponseEntity.ok(Map.of("orderId", orderId, "total", total))
				: ResponseEntity.notFound().build();
	}

	record NewOrder(String customerEmail, List<Order.Line> lines) {
	}

}
