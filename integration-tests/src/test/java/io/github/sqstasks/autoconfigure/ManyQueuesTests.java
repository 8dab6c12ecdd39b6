package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.handlers.TaskHandlers;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with more queues than the AWS SDK's default 50 HTTP connections, on the client Spring Cloud AWS
 * builds, against ElasticMQ: every queue's long poll holds a connection, and the application still starts and runs
 * tasks on all of them.
 */
class ManyQueuesTests {

	private static final int QUEUES = 60;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksClientAutoConfiguration.class, SqsTasksAutoConfiguration.class,
				SqsAutoConfiguration.class, AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class))
		.withUserConfiguration(SixtyQueues.class)
		.withPropertyValues("spring.cloud.aws.sqs.endpoint=" + SharedBroker.broker().getEndpoint(),
				"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
				"spring.cloud.aws.credentials.secret-key=x", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(), "sqs-tasks.defaults.poll-timeout=20s");

	@Test
	void sixtyQueuesEachWithALongPollStartAndRunATaskOnEveryQueue() {
		// Regression: with the SDK's limit of 50 connections, 50 long polls took them all and the start-up's own
		// requests timed out after 10 s ("Acquire operation took longer than the configured maximum time").
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			SqsTaskTemplate template = context.getBean(SqsTaskTemplate.class);
			Set<String> ran = context.getBean(SixtyQueues.class).ran;
			// every listener has its long poll out before the sends
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			try (SqsTaskTemplate.Batch batch = template.batch()) {
				for (int i = 0; i < QUEUES; i++) {
					template.addJob(SixtyQueues.queue(i), "ping", Map.of("n", i));
				}
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> ran.size() == QUEUES);
		});
	}

	@Test
	void theConnectionLimitIsCheckedAtStartUp() {
		this.runner.withPropertyValues("sqs-tasks.listener.max-connections=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sqs-tasks.listener.max-connections"));
	}

	@Configuration(proxyBeanMethods = false)
	static class SixtyQueues {

		final Set<String> ran = ConcurrentHashMap.newKeySet();

		static String queue(int i) {
			return "q" + i;
		}

		@Bean
		Object sixtyQueueHandlers(TaskHandlers handlers) {
			for (int i = 0; i < QUEUES; i++) {
				String queue = queue(i);
				handlers.register(queue, "ping", Ping.class, (ping, message) -> this.ran.add(queue));
			}
			return this.ran;
		}

		record Ping(int n) {
		}

	}

}
