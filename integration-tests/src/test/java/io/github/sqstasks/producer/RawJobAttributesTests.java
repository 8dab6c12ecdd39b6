package io.github.sqstasks.producer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Raw jobs carry the message attributes their producer chooses; attributes SQS or a consumer would refuse are refused
 * before anything is sent, naming the attribute.
 */
class RawJobAttributesTests {

	private final RecordingInterceptor recorder = new RecordingInterceptor();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder);

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	@Test
	void aRawJobArrivesWithItsAttributesAndBody() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "events", Map.of());

		this.tasks.addRawJob("events", "{\"detail\":{}}", Map.of("source", "billing", "event-type", "invoice.paid"),
				JobOptions.defaults());

		List<Message> received = TestSqs.receive(this.sqs, url);
		assertThat(received).singleElement().satisfies((message) -> {
			assertThat(message.body()).isEqualTo("{\"detail\":{}}");
			assertThat(message.messageAttributes()).containsOnly(Map.entry("source", string("billing")),
					Map.entry("event-type", string("invoice.paid")));
		});
	}

	@Test
	void aRawJobInABatchKeepsItsAttributes() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "events", Map.of());

		try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
			this.tasks.addRawJob("events", "a", Map.of("n", "1"), JobOptions.defaults());
			this.tasks.addRawJob("events", "b", Map.of("n", "2"), JobOptions.defaults());
		}

		assertThat(TestSqs.receive(this.sqs, url)).extracting((message) -> message.body() + "="
				+ message.messageAttributes().get("n").stringValue())
			.containsExactlyInAnyOrder("a=1", "b=2");
		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).hasSize(1);
	}

	@Test
	void elevenAttributesAreRefused() {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int i = 0; i < 11; i++) {
			attributes.put("a" + i, "v");
		}

		assertRefused(attributes, "11 message attributes", "SQS accepts at most 10");
	}

	@Test
	void aNameTheLibraryReadsIsRefused() {
		assertRefused(Map.of("JobName", "send_email"), "message attribute 'JobName'", "use another name");
		assertRefused(Map.of("JobContext", "{}"), "message attribute 'JobContext'");
	}

	@Test
	void namesSqsRefusesAreRefusedNamingThem() {
		assertRefused(Map.of("has space", "v"), "message attribute name 'has space'", "1 to 256 letters");
		assertRefused(Map.of("AWS.Trace", "v"), "message attribute name 'AWS.Trace'", "reserved by AWS");
		assertRefused(Map.of("amazon.x", "v"), "message attribute name 'amazon.x'");
		assertRefused(Map.of(".hidden", "v"), "message attribute name '.hidden'");
		assertRefused(Map.of("a..b", "v"), "message attribute name 'a..b'");
		assertRefused(Map.of("n".repeat(257), "v"), "message attribute name 'nnnn");
		assertRefused(Map.of("bad\nname", "v"), "message attribute name 'bad\\nname'");
	}

	@Test
	void emptyValuesAndCharactersSqsRefusesAreRefusedNamingTheAttribute() {
		assertRefused(Map.of("source", ""), "message attribute 'source' with an empty value");
		assertRefused(Map.of("source", "a\u0001b"), "message attribute 'source'", "U+0001 at index 1");
	}

	@Test
	void attributesCountTowardsTheQueuesSizeLimit() {
		TestSqs.createQueue(this.sqs, this.prefix + "events", Map.of());

		assertThatThrownBy(() -> this.tasks.addRawJob("events", "x".repeat(1024 * 1024 - 10),
				Map.of("source", "billing"), JobOptions.defaults()))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("body plus attributes");
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
	}

	private void assertRefused(Map<String, String> attributes, String... message) {
		assertThatThrownBy(() -> this.tasks.addRawJob("events", "body", attributes, JobOptions.defaults()))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("Cannot send raw job to queue 'events'")
			.hasMessageContainingAll(message)
			.hasMessageContaining("Nothing was sent");
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
