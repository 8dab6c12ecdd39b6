package io.github.sqstasks.memory;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the conformance tests against an embedded ElasticMQ 1.7.1 through the real AWS SDK client, which also verifies
 * the MD5 digests of bodies and attributes; time passes for real.
 *
 * <p>Differences from SQS, asserted here explicitly:
 * <ul>
 * <li>a delete with a stale receipt handle fails with {@code ReceiptHandleIsInvalid} (SQS: succeeds, deletes
 * nothing);</li>
 * <li>out-of-range MaxNumberOfMessages, WaitTimeSeconds, more than 10 message attributes and a message over 1 MiB
 * fail with {@code InvalidAttributeValue} (SQS: {@code InvalidParameterValue});</li>
 * <li>a visibility timeout over 12 hours (on receive or ChangeMessageVisibility), an empty SendMessageBatch and a
 * message whose attributes take it over 1 MiB are accepted (SQS: refused);</li>
 * <li>{@code GetQueueAttributes(All)} leaves out MessageRetentionPeriod and MaximumMessageSize, and ARNs name the
 * region {@code elasticmq};</li>
 * <li>a second purge within 60 seconds succeeds (SQS: {@code PurgeQueueInProgress}; not exercised here).</li>
 * </ul>
 */
class ElasticMqConformanceTests extends SqsConformanceTests {

	private static SQSRestServer server;

	private static SqsAsyncClient client;

	@BeforeAll
	static void startBroker() {
		server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
		int port = server.waitUntilStarted().localAddress().getPort();
		client = SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@AfterAll
	static void stopBroker() {
		client.close();
		server.stopAndWait();
	}

	@Override
	protected SqsAsyncClient sqs() {
		return client;
	}

	@Override
	protected void elapse(Duration duration) {
		// Visibility and delays end on whole seconds in ElasticMQ; a little slack keeps the tests from racing them.
		Duration wait = duration.plusMillis(200);
		await().pollDelay(wait).atMost(wait.plusSeconds(2)).until(() -> true);
	}

	@Override
	protected void assertStaleReceiptDelete(String queue, Message stale, Message current) {
		assertThat(failure(sqs().deleteMessage(request -> request.queueUrl(queue).receiptHandle(stale.receiptHandle()))))
			.isInstanceOf(ReceiptHandleIsInvalidException.class);
		assertThat(attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");
		delete(queue, current);
	}

	@Override
	protected void assertRefused(Limit limit, CompletableFuture<?> result) {
		switch (limit) {
			case MAX_NUMBER_OF_MESSAGES, WAIT_TIME, ATTRIBUTE_COUNT, MESSAGE_SIZE ->
				assertThat(errorCode(result)).as(limit.name()).isEqualTo("InvalidAttributeValue");
			case CHANGED_VISIBILITY, RECEIVE_VISIBILITY, EMPTY_BATCH, MESSAGE_SIZE_WITH_ATTRIBUTES ->
				assertThat(result).as(limit.name()).succeedsWithin(Duration.ofSeconds(5));
			default -> super.assertRefused(limit, result);
		}
	}

}
