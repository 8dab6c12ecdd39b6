package io.github.sqstasks.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;

/**
 * A client on the shared broker that records every request it sends, to assert what reached the broker.
 */
final class RecordingClient implements ExecutionInterceptor {

	final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

	final SqsAsyncClient client = SqsAsyncClient.builder()
		.endpointOverride(SharedBroker.broker().getEndpoint())
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
		.overrideConfiguration((c) -> c.addExecutionInterceptor(this))
		.build();

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		this.requests.add(context.request());
	}

	/** Returns the visibility timeouts set on messages of queues whose URL ends with the given name. */
	List<Integer> visibilityChanges(String queueName) {
		return this.requests.stream().flatMap((request) -> {
			if (request instanceof ChangeMessageVisibilityRequest single && single.queueUrl().endsWith("/" + queueName)) {
				return java.util.stream.Stream.of(single.visibilityTimeout());
			}
			if (request instanceof ChangeMessageVisibilityBatchRequest batch && batch.queueUrl().endsWith("/" + queueName)) {
				return batch.entries().stream().map((entry) -> entry.visibilityTimeout());
			}
			return java.util.stream.Stream.empty();
		}).toList();
	}

}
