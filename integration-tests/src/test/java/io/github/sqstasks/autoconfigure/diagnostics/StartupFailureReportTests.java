package io.github.sqstasks.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.ServerSocket;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.EmbeddedSqsBrokerAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up failures of sqs-tasks end in Spring Boot's "APPLICATION FAILED TO START" report, with a description that
 * names the queue, endpoint or method and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void whenAQueueIsMissingAndNotCreatedThenTheReportNamesItAndSaysHowToCreateIt(CapturedOutput output) {
		run(EmailApplication.class, "--sqs-tasks.create-queues=false", "--sqs-tasks.queue-prefix=report-");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("The SQS queue 'report-emails' (sqs-tasks queue 'emails') does not exist")
			.contains("Action:")
			.contains("set sqs-tasks.create-queues=true");
	}

	@Test
	void whenTheBrokerIsUnreachableThenTheReportNamesTheEndpoint(CapturedOutput output) throws IOException {
		String endpoint = "http://127.0.0.1:" + closedPort();
		run(EmailApplication.class, "--spring.cloud.aws.sqs.endpoint=" + endpoint,
				"--spring.cloud.aws.region.static=us-east-1", "--spring.cloud.aws.credentials.access-key=x",
				"--spring.cloud.aws.credentials.secret-key=x");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("sqs-tasks could not reach SQS at '" + endpoint + "'")
			.contains("Unable to execute HTTP request")
			.contains("Action:")
			.contains("Start the broker at '" + endpoint + "'");
	}

	@Test
	void whenTwoHandlersClaimOneTaskThenTheReportNamesBothMethods(CapturedOutput output) {
		run(DuplicateApplication.class, "--sqs-tasks.create-queues=true");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("Two handlers for task 'send' on queue 'emails'")
			.contains("DuplicateApplication$First#send")
			.contains("DuplicateApplication$Second#send")
			.contains("Action:")
			.contains("Give one of the two methods another task name");
	}

	@Test
	void whenAParameterCannotBeBoundThenTheReportNamesItAndItsMethod(CapturedOutput output) {
		run(UnbindableApplication.class, "--sqs-tasks.create-queues=true");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("Cannot bind parameter 'value' of")
			.contains("UnbindableApplication$Tasks#send")
			.contains("Action:")
			.contains("register a Jackson Module bean");
	}

	private static void run(Class<?> application, String... args) {
		SpringApplication springApplication = new SpringApplication(application);
		springApplication.setWebApplicationType(WebApplicationType.NONE);
		String[] all = new String[args.length + 2];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--spring.main.banner-mode=off";
		all[args.length + 1] = "--sqs-tasks.defaults.poll-timeout=1s";
		assertThatException().isThrownBy(() -> springApplication.run(all).close());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EmbeddedSqsBrokerAutoConfiguration.class, SqsTasksAutoConfiguration.class,
			SqsAutoConfiguration.class, AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
			RegionProviderAutoConfiguration.class })
	static class SqsTasksApplication {

	}

	static class EmailApplication extends SqsTasksApplication {

		@Bean
		Tasks emailTasks() {
			return new Tasks();
		}

		static class Tasks {

			@SqsTask(queue = "emails")
			void send(String to) {
			}

		}

	}

	static class DuplicateApplication extends SqsTasksApplication {

		@Bean
		First first() {
			return new First();
		}

		@Bean
		Second second() {
			return new Second();
		}

		static class First {

			@SqsTask(queue = "emails", name = "send")
			void send(String to) {
			}

		}

		static class Second {

			@SqsTask(queue = "emails", name = "send")
			void send(String to) {
			}

		}

	}

	static class UnbindableApplication extends SqsTasksApplication {

		@Bean
		Tasks unbindableTasks() {
			return new Tasks();
		}

		static class Tasks {

			@SqsTask(queue = "emails")
			void send(Runnable value) {
			}

		}

	}

}
