package io.github.sqstasks.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code attributes} of a queue on the embedded ElasticMQ: applied when sqs-tasks creates the queue, and a
 * different value on an existing queue reported at start-up without changing it.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueueAttributesTests {

	private final SqsAsyncClient sqs = SharedBroker.client();

	private final String prefix = SharedBroker.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, () -> this.sqs, (definition) -> definition.setDestroyMethodName(""))
		.withPropertyValues("sqs-tasks.queue-prefix=" + this.prefix, "sqs-tasks.defaults.poll-timeout=1s",
				"sqs-tasks.listener.enabled=false");

	@Test
	void aCreatedQueueAndItsDeadLetterQueueGetTheirConfiguredAttributesTheQueuesOwnOverTheDefaults() {
		this.runner
			.withPropertyValues("sqs-tasks.create-queues=true",
					"sqs-tasks.defaults.attributes.ReceiveMessageWaitTimeSeconds=2",
					"sqs-tasks.defaults.attributes.ContentBasedDeduplication=true",
					"sqs-tasks.queues.emails.attributes.VisibilityTimeout=45",
					"sqs-tasks.queues.emails.attributes.delay-seconds=5",
					"sqs-tasks.queues.emails.dead-letter-queue=emails_dead",
					"sqs-tasks.queues.audit.attributes.ReceiveMessageWaitTimeSeconds=3",
					"sqs-tasks.queues[orders.fifo].max-receive-count=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(attributes("emails")).containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "2")
					.containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45")
					.containsEntry(QueueAttributeName.DELAY_SECONDS, "5");
				assertThat(attributes("emails_dead")).containsEntry(
						QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "2");
				assertThat(attributes("audit")).containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "3");
				// FIFO-only attributes of 'defaults' go to FIFO queues only.
				assertThat(attributes("orders.fifo")).containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
						"true");
			});
	}

	@Test
	void anExistingQueueWithAnotherValueIsReportedAndLeftAsItIs(CapturedOutput output) {
		this.sqs.createQueue((request) -> request.queueName(this.prefix + "emails")
			.attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "0", QueueAttributeName.VISIBILITY_TIMEOUT, "45")))
			.join();

		for (String create : new String[] { "true", "false" }) {
			this.runner
				.withPropertyValues("sqs-tasks.create-queues=" + create,
						"sqs-tasks.queues.emails.attributes.DelaySeconds=5",
						"sqs-tasks.queues.emails.attributes.VisibilityTimeout=45",
						"sqs-tasks.queues.emails.concurrency=2")
				.run((context) -> assertThat(context).hasNotFailed());
		}

		String warning = "SQS queue '" + this.prefix + "emails' (sqs-tasks queue 'emails') has DelaySeconds '0', "
				+ "configured '5'";
		assertThat(StringUtils.countOccurrencesOf(output.getOut(), warning)).as("one warning per start-up").isEqualTo(2);
		assertThat(output.getOut()).doesNotContain("has VisibilityTimeout");
		assertThat(attributes("emails")).containsEntry(QueueAttributeName.DELAY_SECONDS, "0");
	}

	private Map<QueueAttributeName, String> attributes(String queue) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.prefix + queue)).join().queueUrl();
		return this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.ALL))
			.join()
			.attributes();
	}

}
