package io.github.sqstasks.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Configuration that makes no sense is refused at start-up, with the key, the value and what is allowed, never
 * clamped; the refusal happens while the properties are bound, before the embedded broker starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class SqsTasksPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.defaults.visibility-timeout=0s | sqs-tasks.defaults.visibility-timeout is 0s; SQS allows 1s to 12h
			sqs-tasks.queues.emails.visibility-timeout=13h | sqs-tasks.queues.emails.visibility-timeout is 13h; SQS allows 1s to 12h
			sqs-tasks.queues.emails.max-receive-count=1001 | sqs-tasks.queues.emails.max-receive-count is 1001; SQS allows 1 to 1000
			sqs-tasks.defaults.max-receive-count=0 | sqs-tasks.defaults.max-receive-count is 0; SQS allows 1 to 1000
			sqs-tasks.queues.emails.poll-timeout=21s | sqs-tasks.queues.emails.poll-timeout is 21s; SQS allows 0s to 20s
			sqs-tasks.defaults.poll-timeout=-1s | sqs-tasks.defaults.poll-timeout is -1s; SQS allows 0s to 20s
			sqs-tasks.queues.emails.max-message-size=2MB | sqs-tasks.queues.emails.max-message-size is 2MB; SQS allows 1B to 1MB (1048576 bytes)
			sqs-tasks.defaults.max-message-size=0B | sqs-tasks.defaults.max-message-size is 0B; SQS allows 1B to 1MB (1048576 bytes)
			""")
	void whenAnSqsLimitIsExceededThenStartupFailsNamingKeyValueAndRange(String property, String message) {
		assertRefused(property, message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.queues.emails.concurrency=0 | sqs-tasks.queues.emails.concurrency is 0; it must be at least 1
			sqs-tasks.defaults.prefetch=-1 | sqs-tasks.defaults.prefetch is -1; it must be at least 0
			sqs-tasks.queues.emails.receive-batch-window=-200ms | sqs-tasks.queues.emails.receive-batch-window is -200ms; it must be at least 0s
			sqs-tasks.queues.emails.max-processing-time=0s | sqs-tasks.queues.emails.max-processing-time is 0s; it must be more than 0s and at most 12h (SQS keeps a received message invisible for 12h at most)
			sqs-tasks.defaults.max-processing-time=13h | sqs-tasks.defaults.max-processing-time is 13h; it must be more than 0s and at most 12h (SQS keeps a received message invisible for 12h at most)
			""")
	void whenAQueueSettingIsOutOfRangeThenStartupFailsNamingKeyValueAndRange(String property, String message) {
		assertRefused(property, message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.queues.emails.backoff.initial=-1s | sqs-tasks.queues.emails.backoff.initial is -1s; it must be at least 0s
			sqs-tasks.defaults.backoff.multiplier=0.5 | sqs-tasks.defaults.backoff.multiplier is 0.5; it must be at least 1.0 (1.0: the same delay after every attempt)
			sqs-tasks.defaults.backoff.multiplier=NaN | sqs-tasks.defaults.backoff.multiplier is NaN; it must be at least 1.0 (1.0: the same delay after every attempt)
			sqs-tasks.queues.emails.backoff.max=13h | sqs-tasks.queues.emails.backoff.max is 13h; it must be 0s to 12h (SQS's longest visibility timeout)
			""")
	void whenABackoffSettingIsOutOfRangeThenStartupFailsNamingKeyValueAndRange(String property, String message) {
		assertRefused(property, message);
	}

	@Test
	void whenAQueuesInitialBackoffExceedsTheDefaultMaximumThenStartupFailsNamingBothKeys() {
		assertRefused("sqs-tasks.queues.emails.backoff.initial=20m",
				"sqs-tasks.defaults.backoff.max is 15m, less than sqs-tasks.queues.emails.backoff.initial 20m; the "
						+ "largest delay must be at least the first (sqs-tasks.queues.emails takes the other from "
						+ "sqs-tasks.defaults)");
	}

	@Test
	void whenTheDefaultBackoffMaximumIsBelowItsInitialDelayThenStartupFails() {
		this.runner.withPropertyValues("sqs-tasks.defaults.backoff.initial=2m", "sqs-tasks.defaults.backoff.max=1m")
			.run((context) -> assertThat(refusals(context)).containsExactly(
					"sqs-tasks.defaults.backoff.max is 1m, less than sqs-tasks.defaults.backoff.initial 2m; the "
							+ "largest delay must be at least the first"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.listener.acknowledgement-threshold=11 | sqs-tasks.listener.acknowledgement-threshold is 11; a DeleteMessageBatch takes 1 to 10 messages (0 and 1 both delete each at once)
			sqs-tasks.listener.acknowledgement-threshold=-1 | sqs-tasks.listener.acknowledgement-threshold is -1; a DeleteMessageBatch takes 1 to 10 messages (0 and 1 both delete each at once)
			sqs-tasks.listener.acknowledgement-interval=-1s | sqs-tasks.listener.acknowledgement-interval is -1s; it must be at least 0s
			sqs-tasks.listener.shutdown-timeout=-5s | sqs-tasks.listener.shutdown-timeout is -5s; it must be at least 0s
			sqs-tasks.listener.shutdown-policy.idle=-1s | sqs-tasks.listener.shutdown-policy.idle is -1s; it must be at least 0s
			sqs-tasks.listener.shutdown-policy.max-tasks=0 | sqs-tasks.listener.shutdown-policy.max-tasks is 0; it must be at least 1 (leave it unset for no limit)
			sqs-tasks.embedded-broker.port=65536 | sqs-tasks.embedded-broker.port is 65536; it must be 0 (a free port) to 65535
			sqs-tasks.max-delay=0s | sqs-tasks.max-delay is 0s; it must be 1s to 36500d (a delivery time is kept in epoch milliseconds)
			sqs-tasks.max-delay=40000d | sqs-tasks.max-delay is 960000h; it must be 1s to 36500d (a delivery time is kept in epoch milliseconds)
			""")
	void whenAListenerOrBrokerSettingIsOutOfRangeThenStartupFailsNamingKeyValueAndRange(String property,
			String message) {
		assertRefused(property, message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.queue-prefix=dev. | sqs-tasks.queue-prefix is 'dev.', with characters SQS does not allow in a queue name ('.'); SQS allows letters, digits, '-' and '_'
			sqs-tasks.queues[my mails].concurrency=1 | sqs-tasks.queues[my mails] is 'my mails', a queue name with characters SQS does not allow (' '); SQS allows letters, digits, '-' and '_', and a '.fifo' suffix for FIFO queues
			sqs-tasks.queues.emails.dead-letter-queue=emails/dead | sqs-tasks.queues.emails.dead-letter-queue is 'emails/dead', a queue name with characters SQS does not allow ('/'); SQS allows letters, digits, '-' and '_', and a '.fifo' suffix for FIFO queues
			sqs-tasks.defaults.dead-letter-queue=.fifo | sqs-tasks.defaults.dead-letter-queue is '.fifo', an empty queue name; SQS allows letters, digits, '-' and '_', and a '.fifo' suffix for FIFO queues
			sqs-tasks.listener.queues=emails,bills! | sqs-tasks.listener.queues[1] is 'bills!', a queue name with characters SQS does not allow ('!'); SQS allows letters, digits, '-' and '_', and a '.fifo' suffix for FIFO queues
			sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead | sqs-tasks.queues[orders.fifo].dead-letter-queue is 'orders_dead' for queue 'orders.fifo'; SQS requires the dead-letter queue of a FIFO queue to be a FIFO queue (name ending in '.fifo'), and of a standard queue a standard one
			""")
	void whenAQueueNameIsNotOneSqsAllowsThenStartupFailsNamingKeyAndName(String property, String message) {
		assertRefused(property, message);
	}

	@Test
	void whenThePrefixMakesAQueueNameLongerThan80CharactersThenStartupFailsWithTheFullName() {
		String prefix = "p".repeat(75);
		this.runner.withPropertyValues("sqs-tasks.queue-prefix=" + prefix, "sqs-tasks.queues.emails.concurrency=1")
			.run((context) -> assertThat(refusals(context)).containsExactly("sqs-tasks.queues.emails is 'emails': "
					+ "with sqs-tasks.queue-prefix '" + prefix + "' the queue name '" + prefix + "emails' has 81 "
					+ "characters; SQS allows at most 80"));
	}

	@Test
	void whenTheEmbeddedBrokerHostIsNotLoopbackThenStartupFailsSayingHowToAllowIt() {
		assertRefused("sqs-tasks.embedded-broker.host=0.0.0.0", "sqs-tasks.embedded-broker.host is '0.0.0.0', not a "
				+ "loopback address; the embedded broker has no authentication, so anyone who reaches it can read and "
				+ "send messages. Bind it to 127.0.0.1 (the default) or localhost, or set "
				+ "sqs-tasks.embedded-broker.allow-non-loopback=true to expose it on purpose (for example to the other "
				+ "containers of a development set-up)");
	}

	@Test
	void whenNonLoopbackIsAllowedThenAnyHostIsAccepted() {
		this.runner
			.withPropertyValues("sqs-tasks.embedded-broker.host=0.0.0.0",
					"sqs-tasks.embedded-broker.allow-non-loopback=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void loopbackHostsAndEveryDefaultAreAccepted() {
		this.runner.withPropertyValues("sqs-tasks.embedded-broker.host=localhost")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("sqs-tasks.embedded-broker.host=::1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("sqs-tasks.defaults.backoff.initial=0s", "sqs-tasks.defaults.poll-timeout=0s",
				"sqs-tasks.listener.acknowledgement-threshold=0", "sqs-tasks.queues[orders.fifo].concurrency=1",
				"sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead.fifo")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void everyRefusalIsReportedAtOnce() {
		this.runner.withPropertyValues("sqs-tasks.defaults.concurrency=0", "sqs-tasks.queues.emails.prefetch=-1")
			.run((context) -> assertThat(refusals(context)).containsExactly(
					"sqs-tasks.defaults.concurrency is 0; it must be at least 1",
					"sqs-tasks.queues.emails.prefetch is -1; it must be at least 0"));
	}

	@Test
	void whenValidationFailsThenTheEmbeddedBrokerIsNotStarted(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EmbeddedSqsBrokerAutoConfiguration.class))
			.withPropertyValues("sqs-tasks.queues.emails.max-receive-count=1001")
			.run((context) -> assertThat(context).getFailure().hasRootCauseInstanceOf(BindValidationException.class));
		assertThat(output).doesNotContain("started an EMBEDDED ElasticMQ broker");
	}

	@Test
	void aRefusalReachesBootsFailureReport(CapturedOutput output) {
		SpringApplication application = new SpringApplication(BrokerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--sqs-tasks.queues.emails.max-receive-count=1001",
					"--spring.main.banner-mode=off"))
			.withRootCauseInstanceOf(BindValidationException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Reason: sqs-tasks.queues.emails.max-receive-count is 1001; SQS allows 1 to 1000")
			.doesNotContain("started an EMBEDDED ElasticMQ broker");
	}

	@Test
	void aQueuesMaxMessageSizeIsNoLongerClampedButRefused() {
		this.runner.withPropertyValues("sqs-tasks.queues.big.max-message-size=2MB")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("sqs-tasks.queues.big.max-message-size=1MB").run((context) -> {
			QueueSettingsFactory settings = new QueueSettingsFactory(context.getBean(SqsTasksProperties.class), null);
			assertThat(settings.maxMessageBytes("big")).isEqualTo(1024 * 1024);
			assertThat(settings.maxMessageBytes("other")).isEqualTo(1024 * 1024);
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sqs-tasks.defaults.attributes.MessageRetentionPeriode=1209600 | sqs-tasks.defaults.attributes.MessageRetentionPeriode is not an SQS queue attribute; settable ones are
			sqs-tasks.queues.emails.attributes.RedrivePolicy={} | sqs-tasks.queues.emails.attributes.RedrivePolicy is set by sqs-tasks from dead-letter-queue and max-receive-count; set those instead
			sqs-tasks.queues.emails.attributes.FifoQueue=true | sqs-tasks.queues.emails.attributes.FifoQueue is set by sqs-tasks from the queue's name (a name ending in .fifo makes a FIFO queue)
			sqs-tasks.queues.emails.attributes.QueueArn=arn | sqs-tasks.queues.emails.attributes.QueueArn is read-only: SQS computes it; settable ones are
			sqs-tasks.queues.emails.attributes.ContentBasedDeduplication=true | sqs-tasks.queues.emails.attributes.ContentBasedDeduplication is for FIFO queues only, and 'emails' is a standard queue (FIFO queue names end in .fifo)
			""")
	void whenAQueueAttributeCannotBeSetThenStartupFailsNamingKeyAndWhy(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(refusals(context)).singleElement()
				.satisfies((refusal) -> assertThat(refusal).startsWith(message)));
	}

	private void assertRefused(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(refusals(context)).containsExactly(message));
	}

	private static List<String> refusals(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof BindValidationException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a BindValidationException in " + context.getStartupFailure()).isNotNull();
		return ((BindValidationException) failure).getValidationErrors()
			.getAllErrors()
			.stream()
			.map(ObjectError::getDefaultMessage)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SqsTasksProperties.class)
	static class PropertiesOnly {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EmbeddedSqsBrokerAutoConfiguration.class)
	static class BrokerApplication {

	}

}
