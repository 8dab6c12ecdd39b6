package io.github.sqstasks.autoconfigure;

import java.util.UUID;

import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One embedded ElasticMQ for a whole test JVM, so that tests which bring their own client start in milliseconds.
 */
final class SharedBroker {

	private static EmbeddedSqsBroker broker;

	private SharedBroker() {
	}

	static synchronized EmbeddedSqsBroker broker() {
		if (broker == null) {
			broker = new EmbeddedSqsBroker("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		}
		return broker;
	}

	static SqsAsyncClient client() {
		return SqsAsyncClient.builder()
			.endpointOverride(broker().getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	/** Returns a queue-name prefix no other test uses, so tests sharing the broker never see each other's queues. */
	static String uniquePrefix() {
		return "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
	}

	static int count(SqsAsyncClient sqs, String queueUrl, QueueAttributeName attribute) {
		return Integer.parseInt(sqs.getQueueAttributes((r) -> r.queueUrl(queueUrl).attributeNames(attribute))
			.join()
			.attributes()
			.get(attribute));
	}

}
