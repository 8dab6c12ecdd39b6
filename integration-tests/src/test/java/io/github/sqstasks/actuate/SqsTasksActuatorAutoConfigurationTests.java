package io.github.sqstasks.actuate;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the endpoint and the health indicator are configured, and when they back off.
 */
class SqsTasksActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
				SqsTasksActuatorAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, InMemorySqsAsyncClient::new)
		.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queues.orders.concurrency=1");

	@Test
	void anExposedEndpointAndTheHealthIndicatorAreConfiguredWithTheActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,sqstasks").run((context) -> {
			assertThat(context).hasSingleBean(SqsTasksEndpoint.class)
				.hasSingleBean(SqsTasksEndpointWebExtension.class)
				.hasBean("sqsTasksHealthIndicator");
			assertThat(context.getBean(SqsTasksEndpoint.class).queues().queues()).containsOnlyKeys("orders");
		});
	}

	@Test
	void theEndpointBacksOffWhenItIsNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SqsTasksEndpoint.class)
			.doesNotHaveBean(SqsTasksEndpointWebExtension.class)
			.hasSingleBean(SqsTasksHealthIndicator.class));
	}

	@Test
	void theEndpointBacksOffWhenItsAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=sqstasks",
					"management.endpoint.sqstasks.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SqsTasksEndpoint.class));
	}

	@Test
	void theHealthIndicatorBacksOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.sqstasks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SqsTasksHealthIndicator.class));
	}

	@Test
	void bothBackOffWithoutTheActuatorAndHealthSupport() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=sqstasks")
			.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SqsTasksEndpoint.class)
				.doesNotHaveBean(SqsTasksHealthIndicator.class));
	}

	@Test
	void theEndpointBacksOffWithoutTheActuatorWhileTheHealthIndicatorStays() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=sqstasks")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SqsTasksEndpoint.class)
				.hasSingleBean(SqsTasksHealthIndicator.class));
	}

	@Test
	void bothBackOffWhenSqsTasksIsNotActive() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
					SqsTasksActuatorAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=sqstasks")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SqsTasksEndpoint.class)
				.doesNotHaveBean(SqsTasksHealthIndicator.class));
	}

}
