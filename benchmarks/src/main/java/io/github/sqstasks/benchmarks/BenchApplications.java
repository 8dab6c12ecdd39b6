package io.github.sqstasks.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Starts the benchmark's Spring Boot applications (sqs-tasks, {@code @SqsListener}) alike: no web server, static
 * region and credentials, and the run's counted client and probe as beans.
 */
final class BenchApplications {

	private BenchApplications() {
	}

	/**
	 * Returns the properties every benchmark application starts with.
	 * @return a new, modifiable map
	 */
	static Map<String, Object> baseProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.cloud.aws.region.static", "us-east-1");
		properties.put("spring.cloud.aws.credentials.access-key", "bench");
		properties.put("spring.cloud.aws.credentials.secret-key", "bench");
		properties.put("logging.level.io.awspring", "WARN");
		return properties;
	}

	/**
	 * Starts an application.
	 * @param application its configuration class
	 * @param properties its properties
	 * @param sqs the client it uses, registered as its {@code sqsAsyncClient} bean
	 * @param probe the probe its listener reports to
	 * @return the started context
	 */
	static ConfigurableApplicationContext run(Class<?> application, Map<String, Object> properties,
			SqsAsyncClient sqs, Probe probe) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(properties)
			.initializers((ConfigurableApplicationContext created) -> {
				GenericApplicationContext generic = (GenericApplicationContext) created;
				generic.registerBean("sqsAsyncClient", SqsAsyncClient.class, () -> sqs);
				generic.registerBean(Probe.class, () -> probe);
			})
			.run();
	}

}
