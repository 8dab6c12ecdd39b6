package io.github.sqstasks.autoconfigure;

import java.util.Map;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueNotFoundException;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up behaviour of the auto-configuration: what it registers, what it refuses, and what it leaves to the user.
 */
class SqsTasksAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedSqsBrokerAutoConfiguration.class, SqsTasksAutoConfiguration.class,
				SqsAutoConfiguration.class, AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class))
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s");

	private final ApplicationContextRunner onSharedBroker = this.runner.withBean(SqsAsyncClient.class,
			SharedBroker::client);

	@Test
	void whenTwoHandlersClaimOneTaskThenStartupFailsNamingBothMethods() {
		this.onSharedBroker.withUserConfiguration(DuplicateTasks.class)
			.withPropertyValues("sqs-tasks.create-queues=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(TaskDefinitionException.class)
				.hasMessageContaining("Two handlers for task 'send' on queue 'dup'")
				.hasMessageContaining("DuplicateTasks$First#send")
				.hasMessageContaining("DuplicateTasks$Second#send"));
	}

	@Test
	void whenAQueueIsMissingAndNotCreatedThenStartupFailsNamingIt() {
		String prefix = SharedBroker.uniquePrefix();
		this.onSharedBroker.withUserConfiguration(EmailTasks.class)
			.withPropertyValues("sqs-tasks.queue-prefix=" + prefix, "sqs-tasks.create-queues=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), QueueNotFoundException.class)).isNotNull()
					.hasMessageContaining("SQS queue '" + prefix + "emails' (sqs-tasks queue 'emails') does not exist")
					.hasMessageContaining("sqs-tasks.create-queues=true");
			});
	}

	@Test
	void whenCreateQueuesIsSetThenQueuesAndDeadLetterQueuesAreCreatedWithThePrefix() {
		String prefix = SharedBroker.uniquePrefix();
		this.onSharedBroker.withUserConfiguration(EmailTasks.class)
			.withPropertyValues("sqs-tasks.queue-prefix=" + prefix, "sqs-tasks.create-queues=true",
					"sqs-tasks.queues.emails.dead-letter-queue=emails_dead")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				assertThat(sqs.listQueues((r) -> r.queueNamePrefix(prefix)).join().queueUrls())
					.extracting((url) -> url.substring(url.lastIndexOf('/') + 1))
					.containsExactlyInAnyOrder(prefix + "emails", prefix + "emails_dead");
			});
	}

	@Test
	void whenAParameterCannotBeBoundThenStartupFailsNamingIt() {
		this.onSharedBroker.withUserConfiguration(UnbindableTask.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(TaskDefinitionException.class)
				.hasMessageContaining("Cannot bind parameter 'callback'")
				.hasMessageContaining("UnbindableTask#work")
				.hasMessageContaining("java.lang.Runnable"));
	}

	@Test
	void whenARawQueueAlsoHasANamedTaskThenStartupFails() {
		this.onSharedBroker.withUserConfiguration(MixedRawTasks.class)
			.withPropertyValues("sqs-tasks.create-queues=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(TaskDefinitionException.class)
				.hasMessageContaining("@SqsRawTask handler, which must be its only handler"));
	}

	@Test
	void queueNamesAcceptPlaceholders() {
		this.onSharedBroker.withUserConfiguration(PlaceholderTasks.class)
			.withPropertyValues("app.queue=reports", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix())
			.run((context) -> assertThat(context.getBean(TaskRegistry.class).find("reports", "render")).isNotNull());
	}

	@Test
	void whenTheUserDefinesTheirOwnBeansThenTheAutoConfigurationBacksOff() {
		TaskCodec codec = new TaskCodec(TaskCodec.defaultObjectMapper());
		this.onSharedBroker.withBean(TaskCodec.class, () -> codec)
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskCodec.class);
				assertThat(context.getBean(TaskCodec.class)).isSameAs(codec);
				assertThat(context).hasSingleBean(SqsTaskTemplate.class);
				assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class);
			});
	}

	@Test
	void whenNoClientOrEndpointIsConfiguredThenTheEmbeddedBrokerStartsAndStopsWithTheContext() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedSqsBroker.class);
			assertThat(context.getBean(SqsAsyncClient.class).listQueues().join().queueUrls()).isNotNull();
		});
	}

	@Test
	void whenAnEndpointIsConfiguredThenNoEmbeddedBrokerStarts() {
		this.runner
			.withPropertyValues("spring.cloud.aws.sqs.endpoint=" + SharedBroker.broker().getEndpoint(),
					"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
					"spring.cloud.aws.credentials.secret-key=x")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class);
				assertThat(context).hasSingleBean(SqsTaskTemplate.class);
			});
	}

	@Test
	void whenTheEmbeddedBrokerIsDisabledThenItDoesNotStart() {
		this.runner
			.withPropertyValues("sqs-tasks.embedded-broker.enabled=false", "spring.cloud.aws.region.static=us-east-1")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenTheListenerIsDisabledThenTheApplicationOnlyProduces() {
		this.onSharedBroker.withUserConfiguration(EmailTasks.class)
			.withPropertyValues("sqs-tasks.listener.enabled=false", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TaskListenerContainers.class);
				assertThat(context).hasSingleBean(SqsTaskTemplate.class);
			});
	}

	@Test
	void aQueuesMaxMessageSizeRefusesLargerJobsBeforeSending() {
		this.onSharedBroker.withUserConfiguration(EmailTasks.class)
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
					"sqs-tasks.queues.small.max-message-size=1KB", "sqs-tasks.listener.enabled=false")
			.run((context) -> {
				SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
				context.getBean(SqsAsyncClient.class)
					.createQueue((r) -> r.queueName(context.getBean(io.github.sqstasks.core.QueueResolver.class)
						.physicalName("small")))
					.join();
				assertThat(tasks.addRawJob("small", "x".repeat(1000))).isNotBlank();
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.addRawJob("small", "x".repeat(1025)))
					.isInstanceOf(io.github.sqstasks.producer.JobSendException.class)
					.hasMessageContaining("1025 bytes, over the queue's limit of 1024 bytes")
					.hasMessageContaining("sqs-tasks.queues.small.max-message-size")
					.hasMessageContaining("Nothing was sent");
				assertThat(tasks.addRawJob("emails", "x".repeat(100_000))).isNotBlank();
			});
	}

	@Test
	void runInvokesTheHandlerInThisThreadWithoutSqs() {
		this.onSharedBroker.withUserConfiguration(EmailTasks.class)
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix())
			.run((context) -> {
				try (TaskContext.Scope scope = TaskContext.with("user", "u1")) {
					context.getBean(SqsTaskTemplate.class).run("emails", "send", Map.of("to", "r@s.t"));
				}
				assertThat(context.getBean(EmailTasks.class).last).isEqualTo("r@s.t/u1/" + Thread.currentThread().getName());
			});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateTasks {

		@Bean
		First first() {
			return new First();
		}

		@Bean
		Second second() {
			return new Second();
		}

		static class First {

			@SqsTask(queue = "dup")
			void send(String to) {
			}

		}

		static class Second {

			@SqsTask(queue = "dup", name = "send")
			void send(String to) {
			}

		}

	}

	static class EmailTasks {

		volatile String last;

		@SqsTask(queue = "emails")
		void send(String to, TaskContext context) {
			this.last = to + "/" + context.get("user") + "/" + Thread.currentThread().getName();
		}

	}

	static class UnbindableTask {

		@SqsTask(queue = "bad")
		void work(Runnable callback) {
		}

	}

	static class MixedRawTasks {

		@SqsRawTask(queue = "events")
		void raw(String body) {
		}

		@SqsTask(queue = "events")
		void named(String x) {
		}

	}

	static class PlaceholderTasks {

		@SqsTask(queue = "${app.queue}")
		void render(String id) {
		}

	}

}
