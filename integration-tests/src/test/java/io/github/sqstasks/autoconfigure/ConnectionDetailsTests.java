package io.github.sqstasks.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link AwsConnectionDetails} bean, what a Testcontainers LocalStack {@code @ServiceConnection} or Docker Compose
 * support provides, points sqs-tasks' client at its broker, and the embedded broker stays off. The broker here is an
 * ElasticMQ the test starts itself, standing in for LocalStack (no Docker on this project's machines).
 */
class ConnectionDetailsTests {

	@Test
	void aConnectionDetailsBeanPointsTheClientAtItsBrokerAndTheEmbeddedBrokerDoesNotStart() {
		URI endpoint = SharedBroker.broker().getEndpoint();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
					CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
					SqsAutoConfiguration.class, EmbeddedSqsBrokerAutoConfiguration.class,
					SqsTasksAutoConfiguration.class))
			.withBean(AwsConnectionDetails.class, () -> new Details(endpoint))
			.withBean(Greetings.class)
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.defaults.poll-timeout=1s",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedSqsBroker.class);
				context.getBean(SqsTaskTemplate.class).addJob("greetings", "greet", Map.of("name", "Ada"));

				Greetings greetings = context.getBean(Greetings.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> greetings.greeted.contains("Ada"));
			});
	}

	private record Details(URI endpoint) implements AwsConnectionDetails {

		@Override
		public URI getEndpoint() {
			return this.endpoint;
		}

		@Override
		public String getRegion() {
			return EmbeddedSqsBroker.REGION;
		}

		@Override
		public String getAccessKey() {
			return "test";
		}

		@Override
		public String getSecretKey() {
			return "test";
		}

	}

	static class Greetings {

		final List<String> greeted = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "greetings")
		void greet(String name) {
			this.greeted.add(name);
		}

	}

}
