package io.github.sqstasks.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDEs complete and document every sqs-tasks property from the generated configuration metadata.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndEveryDefaultsKeyItsDefaultValue() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asText();
			names.add(name);
			assertThat(property.path("description").asText()).as("description of " + name).isNotBlank();
			// Unset by default: the dead-letter queue, the visibility timeout, and the attributes map (no entries).
			if (name.startsWith("sqs-tasks.defaults.") && !name.endsWith("dead-letter-queue")
					&& !name.endsWith("visibility-timeout") && !name.endsWith("task-timeout")
					&& !name.endsWith("max-rate") && !name.endsWith(".attributes")) {
				assertThat(property.has("defaultValue")).as("default value of " + name).isTrue();
			}
		}
		assertThat(names).contains("sqs-tasks.queue-prefix", "sqs-tasks.create-queues",
				"sqs-tasks.embedded-broker.enabled", "sqs-tasks.embedded-broker.ignore-aws-configuration",
				"sqs-tasks.embedded-broker.allow-non-loopback", "sqs-tasks.listener.enabled", "sqs-tasks.listener.queues",
				"sqs-tasks.defaults.concurrency", "sqs-tasks.defaults.backoff.initial", "sqs-tasks.queues",
				"sqs-tasks.dashboard.enabled", "sqs-tasks.dashboard.path", "sqs-tasks.dashboard.access",
				"sqs-tasks.defaults.attributes", "sqs-tasks.schedules");
	}

}
