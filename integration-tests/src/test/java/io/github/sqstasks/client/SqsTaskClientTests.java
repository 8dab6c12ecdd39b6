package io.github.sqstasks.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.producer.TestSqs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * {@code @SqsTaskClient} interfaces become beans whose calls are processed by their handlers, end to end on ElasticMQ.
 */
class SqsTaskClientTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
				AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, TestSqs::client)
		.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + TestSqs.uniquePrefix(), "app.emails-queue=emails");

	@Test
	void aClientCallIsProcessedByItsHandler() {
		this.runner.withUserConfiguration(ExplicitlyEnabled.class).run((context) -> {
			assertThat(context).hasNotFailed();
			EmailClient client = context.getBean(EmailClient.class);
			EmailHandlers handlers = context.getBean(EmailHandlers.class);

			String id = client.sendEmail("a@b.c", "Hi");
			client.welcomeNow("new@b.c");

			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.received.size() == 2);
			assertThat(handlers.received).containsExactlyInAnyOrder("send_email:a@b.c:Hi", "welcome:new@b.c");
			assertThat(handlers.messageIds).contains(id);
		});
	}

	@Test
	void clientsInTheAutoConfigurationPackagesAreFoundWithoutEnabling() {
		this.runner.withUserConfiguration(AutoConfigured.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(EmailClient.class);
			context.getBean(EmailClient.class).welcome("auto@b.c", JobOptions.defaults().delay(Duration.ofSeconds(1)));
			EmailHandlers handlers = context.getBean(EmailHandlers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.received.contains("welcome:auto@b.c"));
		});
	}

	@Test
	void aClientCallIsCheckedLikeAddJob() {
		this.runner.withUserConfiguration(ExplicitlyEnabled.class).run((context) -> {
			assertThatThrownBy(() -> context.getBean(EmailClient.class).sendEmail("a@b.c", null))
				.isInstanceOf(JobSendException.class)
				.hasMessageContaining("missing arguments [subject]");
			assertThat(context.getBean(EmailClient.class).toString()).contains("EmailClient (queue 'emails')");
		});
	}

	@Test
	void theOptionsParameterIsPassedAsOptionsNotAsAnArgument() {
		SqsTaskTemplate template = mock(SqsTaskTemplate.class);
		when(template.addJob(any(), any(), any(), any())).thenReturn("m-1");
		EmailClient client = SqsTaskClients.create(EmailClient.class, "mail", template);
		JobOptions options = JobOptions.defaults().delay(Duration.ofHours(3));

		client.welcome("x@y.z", options);
		assertThat(client.sendEmail("x@y.z", "S")).isEqualTo("m-1");

		verify(template).addJob("mail", "welcome", Map.of("to", "x@y.z"), options);
		verify(template).addJob(eq("mail"), eq("send_email"), eq(Map.of("to", "x@y.z", "subject", "S")),
				eq(JobOptions.defaults()));
	}

	@Test
	void methodsThatCannotSendATaskAreRefusedWhenTheClientIsCreated() {
		SqsTaskTemplate template = mock(SqsTaskTemplate.class);
		assertThatIllegalStateException().isThrownBy(() -> SqsTaskClients.create(Counting.class, "q", template))
			.withMessageContaining("Counting#count returns int")
			.withMessageContaining("void or String");
		assertThatIllegalStateException().isThrownBy(() -> SqsTaskClients.create(TwoOptions.class, "q", template))
			.withMessageContaining("two JobOptions parameters");
	}

	interface Counting {

		int count(String what);

	}

	interface TwoOptions {

		void send(JobOptions first, JobOptions second);

	}

	static class EmailHandlers {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<String> messageIds = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "${app.emails-queue}", name = "send_email")
		void sendEmail(String to, String subject, TaskMessage message) {
			this.received.add("send_email:" + to + ":" + subject);
			this.messageIds.add(message.messageId());
		}

		@SqsTask(queue = "${app.emails-queue}")
		void welcome(String to) {
			this.received.add("welcome:" + to);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableSqsTaskClients(basePackageClasses = EmailClient.class)
	@Import(EmailHandlers.class)
	static class ExplicitlyEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	@Import(EmailHandlers.class)
	static class AutoConfigured {

	}

}
