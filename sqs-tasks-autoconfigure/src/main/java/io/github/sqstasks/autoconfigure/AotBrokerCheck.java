package io.github.sqstasks.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.AotDetector;
import org.springframework.core.env.Environment;

/**
 * Keeps the embedded broker failing closed under Spring AOT. Ahead-of-time processing evaluates the conditions of
 * {@link EmbeddedSqsBrokerAutoConfiguration} once, at build time; an application processed with ElasticMQ on its
 * classpath would then start the development broker whatever its run-time configuration says. This check repeats, at
 * run time, the conditions that read the environment, and refuses to start the broker when one no longer holds.
 */
final class AotBrokerCheck {

	private AotBrokerCheck() {
	}

	/**
	 * Fails when the application runs on AOT-generated bean definitions and its run-time environment would not have
	 * chosen the embedded broker.
	 * @param environment the run-time environment
	 * @throws IllegalStateException naming what points elsewhere and what to do
	 */
	static void check(Environment environment) {
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		String reason = reason(environment);
		if (reason != null) {
			throw new IllegalStateException("The embedded ElasticMQ broker was chosen when this application was "
					+ "processed ahead of time (Spring AOT), but at run time " + reason + ". sqs-tasks does not start a "
					+ "development broker in place of the SQS the configuration asks for. Build the application without "
					+ "ElasticMQ on its classpath (test scope), or set the same property when running process-aot.");
		}
	}

	private static @Nullable String reason(Environment environment) {
		if (!environment.getProperty("sqs-tasks.embedded-broker.enabled", Boolean.class, true)) {
			return "sqs-tasks.embedded-broker.enabled is false";
		}
		for (String endpoint : new String[] { "spring.cloud.aws.sqs.endpoint", "spring.cloud.aws.endpoint" }) {
			if (environment.containsProperty(endpoint)) {
				return endpoint + " is set";
			}
		}
		if (environment.getProperty(EmbeddedSqsBrokerAutoConfiguration.IGNORE_AWS_CONFIGURATION, Boolean.class,
				false)) {
			return null;
		}
		AwsSignals.Signal signal = AwsSignals.find(environment);
		return (signal != null) ? signal + " is set, a sign of an AWS set-up" : null;
	}

}
