package io.github.sqstasks.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Under Spring AOT the embedded broker's conditions were settled at build time; at run time, an application whose
 * configuration points at a real SQS (or turns the broker off) does not get the development broker silently.
 */
class EmbeddedBrokerAotTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, EmbeddedSqsBrokerAutoConfiguration.BrokerConfiguration.class)
		.withPropertyValues(EmbeddedSqsBrokerAutoConfiguration.IGNORE_AWS_CONFIGURATION + "=true");

	@BeforeEach
	void runOnGeneratedArtifacts() {
		System.setProperty("spring.aot.enabled", "true");
	}

	@AfterEach
	void clear() {
		System.clearProperty("spring.aot.enabled");
	}

	@Test
	void anEndpointSetAtRunTimeKeepsTheBuildTimeBrokerFromStarting() {
		this.runner.withPropertyValues("spring.cloud.aws.sqs.endpoint=http://localhost:4566")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("The embedded ElasticMQ broker was chosen when this application was processed "
						+ "ahead of time (Spring AOT), but at run time spring.cloud.aws.sqs.endpoint is set")
				.hasMessageContaining("Build the application without ElasticMQ on its classpath"));
	}

	@Test
	void turningTheBrokerOffAtRunTimeIsNotIgnored() {
		this.runner.withPropertyValues("sqs-tasks.embedded-broker.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("at run time sqs-tasks.embedded-broker.enabled is false"));
	}

	@Test
	void anAwsRegionAtRunTimeIsASignOfRealSqs() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.aws.region.static", "eu-west-1");
		assertThat(context(environment)).hasMessageContaining("spring.cloud.aws.region.static");
	}

	@Test
	void withoutAotNothingIsCheckedAgain() {
		System.clearProperty("spring.aot.enabled");
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.aws.sqs.endpoint", "http://x");
		assertThatNoException().isThrownBy(() -> AotBrokerCheck.check(environment));
	}

	private static Throwable context(MockEnvironment environment) {
		try {
			AotBrokerCheck.check(environment);
		}
		catch (IllegalStateException ex) {
			return ex;
		}
		throw new AssertionError("not refused");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SqsTasksProperties.class)
	static class Properties {

	}

}
