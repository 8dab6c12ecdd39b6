package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.List;

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

	DemoOrders(OrderService orders, @Value("${shop.demo-orders:3}") int count) {
		this.orders = orders;
		this.count = count;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (int i = 1; i <= this.count; i++) {
			this.orders.placeOrder("customer" + i + "@example.com",
					List.of(new Order.Line("book-" + i, i, new BigDecimal("12.50")),
							new Order.Line("pen", 2, new BigDecimal("1.20"))));
		}
	}

}
