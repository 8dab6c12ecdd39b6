package io.github.sqstasks.autoconfigure;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts an in-JVM ElasticMQ and points an {@link SqsAsyncClient} at it when ElasticMQ is on the classpath, the
 * embedded broker is not disabled, and nothing points at a real SQS.
 *
 * <p>It fails closed: an SQS endpoint, a Spring Cloud AWS {@code AwsConnectionDetails} or {@code SqsAsyncClient} bean,
 * and any sign of an AWS account (a region, credentials or a profile, in {@code spring.cloud.aws.*} properties, the
 * AWS SDK's environment variables or its system properties) each keep it from starting, so that an application that
 * ships with ElasticMQ by mistake talks to SQS rather than to an in-memory broker that loses its jobs. Only the AWS
 * account signs give way, to {@code sqs-tasks.embedded-broker.ignore-aws-configuration=true}; setting
 * {@code enabled=true} does not override them, since it is also the default.
 *
 * <p>It contributes its own client rather than setting {@code spring.cloud.aws} properties so that other AWS clients
 * of the application are not pointed at the development broker, and no AWS region or credentials are needed.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class)
@ConditionalOnClass(name = EmbeddedSqsBrokerAutoConfiguration.ELASTICMQ)
@ConditionalOnProperty(name = "sqs-tasks.embedded-broker.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnMissingBean(value = SqsAsyncClient.class,
		type = "io.awspring.cloud.autoconfigure.core.AwsConnectionDetails")
@Conditional(EmbeddedSqsBrokerAutoConfiguration.NoEndpointConfigured.class)
@EnableConfigurationProperties(SqsTasksProperties.class)
public final class EmbeddedSqsBrokerAutoConfiguration {

	static final String ELASTICMQ = "org.elasticmq.rest.sqs.SQSRestServerBuilder";

	static final String IGNORE_AWS_CONFIGURATION = "sqs-tasks.embedded-broker.ignore-aws-configuration";

	@Configuration(proxyBeanMethods = false)
	@Conditional(NoAwsConfiguration.class)
	static class BrokerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EmbeddedSqsBroker embeddedSqsBroker(SqsTasksProperties properties, Environment environment) {
			AotBrokerCheck.check(environment);
			return new EmbeddedSqsBroker(properties.getEmbeddedBroker().getHost(),
					properties.getEmbeddedBroker().getPort());
		}

		@Bean
		SqsAsyncClient sqsAsyncClient(EmbeddedSqsBroker broker) {
			return SqsAsyncClient.builder()
				.endpointOverride(broker.getEndpoint())
				.region(Region.of(EmbeddedSqsBroker.REGION))
				.credentialsProvider(
						StaticCredentialsProvider.create(AwsBasicCredentials.create("embedded", "embedded")))
				.build();
		}

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

	/**
	 * Matches when no sign of an AWS account is found, or they are to be ignored; otherwise logs, once, the sign that
	 * kept the broker from starting and how to start it anyway.
	 *
	 * <p>Evaluated when beans are registered and only after every condition of the outer class matched, so it logs
	 * only when the broker would have started otherwise.
	 */
	static final class NoAwsConfiguration extends SpringBootCondition implements ConfigurationCondition {

		private static final Logger logger = LoggerFactory.getLogger(EmbeddedSqsBrokerAutoConfiguration.class);

		@Override
		public ConfigurationPhase getConfigurationPhase() {
			return ConfigurationPhase.REGISTER_BEAN;
		}

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (context.getEnvironment().getProperty(IGNORE_AWS_CONFIGURATION, Boolean.class, false)) {
				return ConditionOutcome.match(IGNORE_AWS_CONFIGURATION + " is true");
			}
			AwsSignals.Signal signal = AwsSignals.find(context.getEnvironment());
			if (signal == null) {
				return ConditionOutcome.match("no AWS region, credentials or profile is configured");
			}
			logger.info("ElasticMQ is on the classpath, but sqs-tasks does not start the embedded broker: {} is set, "
					+ "a sign of an AWS set-up, so SQS requests go to AWS. To use the development broker anyway, set "
					+ "{}=true (for example in a development-only profile or launcher).", signal,
					IGNORE_AWS_CONFIGURATION);
			return ConditionOutcome.noMatch(signal + " is set");
		}

	}

}
