package io.github.sqstasks.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop: placing an order enqueues a confirmation e-mail and an invoice, processed by {@code @SqsTask}
 * handlers on AWS SQS, or in development on the embedded ElasticMQ broker ({@code TestShopApplication}).
 */
@SpringBootApplication
public class ShopApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

}
