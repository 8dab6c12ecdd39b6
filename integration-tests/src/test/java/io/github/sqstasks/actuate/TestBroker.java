package io.github.sqstasks.actuate;

import java.util.UUID;

import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * One embedded ElasticMQ for the actuator tests of a JVM; each test keeps to its own queue-name prefix.
 */
final class TestBroker {

	private static EmbeddedSqsBroker broker;

	private TestBroker() {
	}

	static synchronized SqsAsyncClient client() {
		if (broker == null) {
			broker = new EmbeddedSqsBroker("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		}
		return SqsAsyncClient.builder()
			.endpointOverride(broker.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	static String uniquePrefix() {
		return "a" + UUID.randomUUID().toString().substring(0, 8) + "-";
	}

}
