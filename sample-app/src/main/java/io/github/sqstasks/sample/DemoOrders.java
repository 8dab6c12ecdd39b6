package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Places a few orders at start-up so that the log shows tasks being processed without any request.
 */
@Component
class DemoOrders implements ApplicationRunner {

	private final OrderService orders;

	private final int count;

	DemoOrders(OrderService orders, @Value("${shop.demo-orders:5}") int count) {
		this.orders = orders;
		this.count = count;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.count == 0) {
			return;
		}
		// One order placed on its own, the rest imported in one batch (their 2 jobs each go out 10 per request).
		this.orders.placeOrder("customer1@example.com", lines(1));
		this.orders.importOrders(IntStream.rangeClosed(2, this.count)
			.mapToObj((i) -> Map.entry("customer" + i + "@example.com", lines(i)))
			.toList());
		// A reminder baked now, stored as JSON, sent later.
		String stored = this.orders.bakeReminder("customer1@example.com", "your order ships tomorrow");
		this.orders.sendBaked(stored);
	}

	private static List<Order.Line> lines(int i) {
		return List.of(new Order.Line("book-" + i, i, new BigDecimal("12.50")),
				new Order.Line("pen", 2, new BigDecimal("1.20")));
	}

}
