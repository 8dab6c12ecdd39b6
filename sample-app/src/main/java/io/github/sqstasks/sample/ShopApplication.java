package io.github.sqstasks.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop: placing an order enqueues a confirmation e-mail and an invoice, processed by {@code @SqsTask}
 * handlers on the embedded ElasticMQ broker.
 */
@SpringBootApplication
public class ShopApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

}
