package io.github.sqstasks.sample;

import org.springframework.boot.SpringApplication;

/**
 * Runs the shop in development, on the embedded ElasticMQ broker: ElasticMQ and this launcher are on the test
 * classpath only, so neither reaches the packaged application. From the repository root:
 * {@code ./mvnw -pl sample-app -am test-compile spring-boot:test-run}.
 */
public final class TestShopApplication {

	private TestShopApplication() {
	}

	/**
	 * Starts the shop's own main method on the test classpath.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.from(ShopApplication::main).run(args);
	}

}
