package io.github.sqstasks.autoconfigure;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Starts an in-JVM ElasticMQ and points an {@link SqsAsyncClient} at it when ElasticMQ is on the classpath, the
 * embedded broker is not disabled, and no SQS endpoint or client is configured.
 *
 * <p>It contributes its own client rather than setting {@code spring.cloud.aws} properties so that other AWS clients
 * of the application are not pointed at the development broker, and no AWS region or credentials are needed.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class)
@ConditionalOnClass(name = "org.elasticmq.rest.sqs.SQSRestServerBuilder")
@ConditionalOnProperty(name = "sqs-tasks.embedded-broker.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnMissingBean(SqsAsyncClient.class)
@Conditional(EmbeddedSqsBrokerAutoConfiguration.NoEndpointConfigured.class)
@EnableConfigurationProperties(SqsTasksProperties.class)
public final class EmbeddedSqsBrokerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EmbeddedSqsBroker embeddedSqsBroker(SqsTasksProperties properties) {
		return new EmbeddedSqsBroker(properties.getEmbeddedBroker().getHost(),
				properties.getEmbeddedBroker().getPort());
	}

	@Bean
	SqsAsyncClient sqsAsyncClient(EmbeddedSqsBroker broker) {
		return SqsAsyncClient.builder()
			.endpointOverride(broker.getEndpoint())
			.region(Region.of(EmbeddedSqsBroker.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("embedded", "embedded")))
			.build();
	}

	/**
	 * Matches when neither {@code spring.cloud.aws.sqs.endpoint} nor {@code spring.cloud.aws.endpoint} is set.
	 */
	static final class NoEndpointConfigured extends NoneNestedConditions {

		NoEndpointConfigured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.cloud.aws.sqs.endpoint")
		static final class SqsEndpoint {

		}

		@ConditionalOnProperty("spring.cloud.aws.endpoint")
		static final class AwsEndpoint {

		}

	}

}
