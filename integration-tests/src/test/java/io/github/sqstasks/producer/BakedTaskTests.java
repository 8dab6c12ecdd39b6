package io.github.sqstasks.producer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.TaskContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A baked task is a plain value that survives JSON, and sending it produces the message {@code addJob} sends.
 */
@SuppressWarnings("try")
class BakedTaskTests {

	private final SqsAsyncClient sqs = TestSqs.client();

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	@Test
	void aPlainObjectMapperWritesAndReadsItBackEqual() throws Exception {
		ObjectMapper plain = new ObjectMapper();
		List<JobOptions> options = List.of(JobOptions.defaults(), JobOptions.defaults().delay(Duration.ofDays(2)),
				JobOptions.defaults().at(Instant.parse("2026-12-24T18:00:00.123Z")),
				JobOptions.defaults().groupId("customer-42").deduplicationId("order-7"));
		for (JobOptions option : options) {
			BakedTask baked;
			try (TaskContext.Scope scope = TaskContext.with("tenant", "acme")) {
				baked = this.tasks.bake("emails", "send_email", arguments(), option);
			}

			String json = plain.writeValueAsString(baked);
			assertThat(plain.readValue(json, BakedTask.class)).isEqualTo(baked);
			assertThat(json).doesNotContain("\"at\"").doesNotContain("\"delay\"");
		}
	}

	@Test
	void aDeliveryTimeIsStoredAsEpochMillis() throws Exception {
		JobOptions options = JobOptions.defaults().at(Instant.parse("2026-12-24T18:00:00.123Z"));

		assertThat(new ObjectMapper().writeValueAsString(options)).contains("\"notBeforeEpochMillis\":1798135200123");
		assertThat(options.at()).isEqualTo(Instant.parse("2026-12-24T18:00:00.123Z"));
		assertThat(options.delay(Duration.ofMinutes(1)).at()).isNull();
	}

	@Test
	void sendingABakedTaskSendsWhatAddJobSends() throws Exception {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		BakedTask baked;
		try (TaskContext.Scope scope = TaskContext.with(Map.of("tenant", "acme", "request_id", "r-1"))) {
			baked = this.tasks.bake("emails", "send_email", arguments());
			this.tasks.addJob("emails", "send_email", arguments());
		}
		ObjectMapper plain = new ObjectMapper();
		this.tasks.addJob(plain.readValue(plain.writeValueAsString(baked), BakedTask.class));

		List<Message> received = TestSqs.receive(this.sqs, url);
		assertThat(received).hasSize(2);
		assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
		assertThat(received.get(1).messageAttributes()).isEqualTo(received.get(0).messageAttributes());
		assertThat(received.get(0).messageAttributes().get("JobContext").stringValue()).contains("\"tenant\":\"acme\"");
	}

	private static Map<String, Object> arguments() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("to", "a@b.c");
		arguments.put("count", 3);
		arguments.put("big", 12_345_678_901L);
		arguments.put("ratio", 0.25);
		arguments.put("day", LocalDate.of(2026, 11, 23));
		arguments.put("lines", List.of(new Line("sku-1", 2)));
		arguments.put("nothing", null);
		return arguments;
	}

	record Line(String sku, int quantity) {
	}

}
