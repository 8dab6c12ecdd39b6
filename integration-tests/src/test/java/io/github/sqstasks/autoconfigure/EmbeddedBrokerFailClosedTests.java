package io.github.sqstasks.autoconfigure;

import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker fails closed: any sign of a real SQS or AWS account keeps it from starting, so that an
 * application that ships with ElasticMQ by mistake does not run on an in-memory broker. Environment variables are
 * given as properties, which is how Spring's Environment presents them.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedBrokerFailClosedTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedSqsBrokerAutoConfiguration.class));

	@ParameterizedTest
	@ValueSource(strings = { "spring.cloud.aws.region.static=eu-west-1", "spring.cloud.aws.sqs.region=eu-west-1",
			"spring.cloud.aws.credentials.access-key=AKIAEXAMPLE", "spring.cloud.aws.credentials.secret-key=secret",
			"spring.cloud.aws.credentials.instance-profile=true", "spring.cloud.aws.credentials.profile.name=prod",
			"spring.cloud.aws.credentials.sts.role-arn=arn:aws:iam::123456789012:role/app",
			"spring.cloud.aws.region.profile.name=prod", "spring.cloud.aws.region.instance-profile=true",
			"AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1", "AWS_ACCESS_KEY_ID=AKIAEXAMPLE",
			"AWS_PROFILE=prod", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/abc",
			"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials",
			"AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
			"spring.cloud.aws.sqs.endpoint=http://localhost:4566", "spring.cloud.aws.endpoint=http://localhost:4566" })
	void whenAnAwsSetUpIsConfiguredThenTheEmbeddedBrokerDoesNotStart(String property) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class);
			assertThat(context).doesNotHaveBean(SqsAsyncClient.class);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.region=eu-west-1", "aws.accessKeyId=AKIAEXAMPLE", "aws.profile=prod" })
	void whenAnAwsSdkSystemPropertyIsSetThenTheEmbeddedBrokerDoesNotStart(String property) {
		this.runner.withSystemProperties(property)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenAnAwsConnectionDetailsBeanIsDefinedThenTheEmbeddedBrokerDoesNotStart() {
		this.runner.withBean(AwsConnectionDetails.class, () -> new AwsConnectionDetails() {
		}).run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenAnAwsSignKeepsTheBrokerFromStartingThenOneInfoLineNamesItAndHowToForceIt(CapturedOutput output) {
		this.runner.withPropertyValues("AWS_PROFILE=prod")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
		assertThat(output).containsOnlyOnce("ElasticMQ is on the classpath, but sqs-tasks does not start the "
				+ "embedded broker: AWS_PROFILE (test) is set, a sign of an AWS set-up")
			.contains("set sqs-tasks.embedded-broker.ignore-aws-configuration=true");
	}

	@Test
	void whenTheBrokerIsExplicitlyEnabledThenAnAwsSignStillKeepsItFromStarting() {
		this.runner.withPropertyValues("sqs-tasks.embedded-broker.enabled=true", "AWS_REGION=eu-west-1")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenAwsConfigurationIsToBeIgnoredThenAnEndpointStillKeepsTheBrokerFromStarting() {
		this.runner
			.withPropertyValues("sqs-tasks.embedded-broker.ignore-aws-configuration=true",
					"spring.cloud.aws.sqs.endpoint=http://localhost:4566")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenAwsConfigurationIsToBeIgnoredThenTheBrokerStartsDespiteARegionAndProfile() {
		this.runner
			.withPropertyValues("sqs-tasks.embedded-broker.ignore-aws-configuration=true", "AWS_PROFILE=dev",
					"spring.cloud.aws.region.static=eu-west-1")
			.run((context) -> assertThat(context).hasSingleBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenARegionIsAnUnresolvablePlaceholderThenTheEmbeddedBrokerDoesNotStart() {
		this.runner.withPropertyValues("spring.cloud.aws.region.static=${NO_SUCH_VARIABLE}")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedSqsBroker.class));
	}

	@Test
	void whenABlankRegionIsConfiguredThenItIsNoSignOfAnAwsSetUp() {
		assertThat(AwsSignals.find(new MockEnvironment()
			.withProperty("spring.cloud.aws.region.static", "")
			.withProperty("AWS_PROFILE", " "))).isNull();
	}

}
