package io.github.sqstasks.producer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One embedded ElasticMQ for the producer and client tests, clients on it, and small queue helpers.
 */
public final class TestSqs {

	private static EmbeddedSqsBroker broker;

	private TestSqs() {
	}

	static synchronized EmbeddedSqsBroker broker() {
		if (broker == null) {
			broker = new EmbeddedSqsBroker("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		}
		return broker;
	}

	/**
	 * Returns a new client on the shared broker.
	 * @param interceptors interceptors to add, for counting or changing requests
	 * @return the client
	 */
	public static SqsAsyncClient client(ExecutionInterceptor... interceptors) {
		return SqsAsyncClient.builder()
			.endpointOverride(broker().getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.overrideConfiguration((config) -> List.of(interceptors).forEach(config::addExecutionInterceptor))
			.build();
	}

	/**
	 * Returns a queue-name prefix no other test uses.
	 * @return the prefix
	 */
	public static String uniquePrefix() {
		return "p" + UUID.randomUUID().toString().substring(0, 8) + "-";
	}

	/**
	 * Creates a queue.
	 * @param sqs the client
	 * @param name the full queue name
	 * @param attributes its attributes
	 * @return its URL
	 */
	public static String createQueue(SqsAsyncClient sqs, String name, Map<QueueAttributeName, String> attributes) {
		return sqs.createQueue((request) -> request.queueName(name).attributes(attributes)).join().queueUrl();
	}

	/**
	 * Receives up to ten messages with all their attributes, waiting up to a second for the first.
	 * @param sqs the client
	 * @param url the queue URL
	 * @return the messages
	 */
	public static List<Message> receive(SqsAsyncClient sqs, String url) {
		return sqs.receiveMessage((request) -> request.queueUrl(url)
			.maxNumberOfMessages(10)
			.waitTimeSeconds(1)
			.messageAttributeNames("All")
			.messageSystemAttributeNames(MessageSystemAttributeName.ALL)).join().messages();
	}

	/**
	 * Receives and deletes every message of a queue until a receive comes back empty.
	 * @param sqs the client
	 * @param url the queue's URL
	 * @return the messages, in the order received
	 */
	public static List<Message> drain(SqsAsyncClient sqs, String url) {
		List<Message> all = new java.util.ArrayList<>();
		List<Message> received;
		do {
			received = receive(sqs, url);
			all.addAll(received);
			received.forEach((m) -> sqs.deleteMessage((r) -> r.queueUrl(url).receiptHandle(m.receiptHandle())).join());
		}
		while (!received.isEmpty());
		return all;
	}

	static SqsTaskTemplate template(SqsAsyncClient sqs, String prefix) {
		return template(sqs, prefix, java.time.Clock.systemUTC());
	}

	static SqsTaskTemplate template(SqsAsyncClient sqs, String prefix, java.time.Clock clock) {
		TaskCodec codec = new TaskCodec(TaskCodec.defaultObjectMapper());
		return new SqsTaskTemplate(sqs, new QueueResolver(sqs, prefix), codec, new TaskRegistry(),
				new TaskInvoker(codec), clock);
	}

}
