package io.github.sqstasks.embedded;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Sets ElasticMQ's and Pekko's loggers to WARN, as the lowest-priority defaults, when ElasticMQ is on the classpath:
 * at INFO they log every queue operation. Any {@code logging.level.*} the application sets wins.
 */
public final class EmbeddedBrokerLoggingDefaults implements EnvironmentPostProcessor {

	private static final String SOURCE = "sqsTasksEmbeddedBrokerLogging";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ClassUtils.isPresent("org.elasticmq.rest.sqs.SQSRestServerBuilder", application.getClassLoader())
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE, Map.of("logging.level.org.elasticmq", "WARN",
					"logging.level.org.apache.pekko", "WARN")));
	}

}
