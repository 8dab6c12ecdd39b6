package io.github.sqstasks.autoconfigure.diagnostics;

import java.net.ConnectException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports an SQS endpoint that could not be reached while sqs-tasks looked up or created its queues at start-up.
 */
final class SqsUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SdkClientException> {

	private final Environment environment;

	SqsUnreachableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SdkClientException cause) {
		// Only connection failures: other client errors (credentials, region) have their own, clearer messages. A
		// refused connection can also surface as the SDK's connection-acquire timeout, with no ConnectException.
		if (findCause(cause, ConnectException.class) == null && findCause(cause, UnknownHostException.class) == null
				&& !String.valueOf(cause.getMessage()).startsWith("Unable to execute HTTP request")) {
			return null;
		}
		String endpoint = endpoint();
		String description = "sqs-tasks could not reach SQS at " + endpoint + " while it looked up its queues at "
				+ "start-up: " + cause.getMessage();
		String action = "Start the broker at " + endpoint + " or make it reachable from this host, or point the client "
				+ "at the right one: spring.cloud.aws.sqs.endpoint (or spring.cloud.aws.endpoint) for a local or "
				+ "LocalStack broker, spring.cloud.aws.region.static for AWS SQS. For local development without a "
				+ "broker, add org.elasticmq:elasticmq-rest-sqs_2.13 and remove the endpoint so that the embedded "
				+ "broker starts.";
		return new FailureAnalysis(description, action, cause);
	}

	private String endpoint() {
		String endpoint = this.environment.getProperty("spring.cloud.aws.sqs.endpoint",
				this.environment.getProperty("spring.cloud.aws.endpoint", ""));
		if (!endpoint.isBlank()) {
			return "'" + endpoint + "'";
		}
		String region = this.environment.getProperty("spring.cloud.aws.region.static", "");
		return region.isBlank() ? "the SQS endpoint of the default AWS region"
				: "the SQS endpoint of region '" + region + "'";
	}

}
