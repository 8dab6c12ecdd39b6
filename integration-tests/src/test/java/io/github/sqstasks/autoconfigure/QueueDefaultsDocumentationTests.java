package io.github.sqstasks.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-queue defaults are written once ({@link QueueDefaults}); the README's configuration table and the metadata
 * IDEs show must say the same, and the settings a queue gets when nothing is configured are those.
 */
class QueueDefaultsDocumentationTests {

	private static final Pattern README_ROW = Pattern
		.compile("^\\| `sqs-tasks\\.defaults\\.([a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

	@Test
	void theReadmeTableGivesEveryDefaultAsTheCodeHasIt() throws Exception {
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = README_ROW.matcher(Files.readString(Path.of("..", "README.md")));
		while (row.find()) {
			documented.put(row.group(1), row.group(2).trim());
		}
		Map<String, String> expected = new LinkedHashMap<>();
		QueueDefaults.byKey().forEach((key, value) -> expected.put(key, "`" + value + "`"));
		assertThat(documented).containsAllEntriesOf(expected);
		// the rest of the table's defaults rows are the settings that are unset by default
		assertThat(documented.keySet()).containsAll(expected.keySet());
		documented.keySet().removeAll(expected.keySet());
		assertThat(documented.values()).allMatch((value) -> value.startsWith("unset"));
	}

	@Test
	void theMetadataGivesEveryDefaultAsTheCodeHasIt() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		Map<String, String> described = new LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asText();
			if (name.startsWith("sqs-tasks.defaults.") && property.has("defaultValue")) {
				JsonNode value = property.get("defaultValue");
				described.put(name.substring("sqs-tasks.defaults.".length()), value.isNumber()
						? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText());
			}
		}
		Map<String, String> expected = new LinkedHashMap<>();
		QueueDefaults.byKey().forEach((key, value) -> expected.put(key, value.matches("[0-9.]+")
				? new java.math.BigDecimal(value).stripTrailingZeros().toPlainString() : value));
		assertThat(described).isEqualTo(expected);
	}

	@Test
	void aQueueWithNothingConfiguredGetsTheDefaults() {
		var settings = new QueueSettingsFactory(new SqsTasksProperties(), null).apply("plain");
		assertThat(settings.concurrency()).hasToString(QueueDefaults.CONCURRENCY.value());
		assertThat(settings.prefetch()).hasToString(QueueDefaults.PREFETCH.value());
		assertThat(settings.pollTimeout()).isEqualTo(QueueDefaults.POLL_TIMEOUT.duration());
		assertThat(settings.receiveBatchWindow()).isEqualTo(QueueDefaults.RECEIVE_BATCH_WINDOW.duration());
		assertThat(settings.maxReceiveCount()).hasToString(QueueDefaults.MAX_RECEIVE_COUNT.value());
		assertThat(settings.maxProcessingTime()).isEqualTo(QueueDefaults.MAX_PROCESSING_TIME.duration());
		assertThat(settings.deleteOnStart()).hasToString(QueueDefaults.DELETE_ON_START.value());
		assertThat(settings.visibilityTimeout()).isNull();
		assertThat(settings.deadLetterQueue()).isNull();
	}

}
