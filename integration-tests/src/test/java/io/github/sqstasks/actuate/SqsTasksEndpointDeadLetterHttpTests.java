package io.github.sqstasks.actuate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sqstasks} endpoint's dead-letter operations over HTTP on a real server: the listing is a read operation,
 * replay and discard are write operations under the same access rules and cross-site guard as purge and redrive.
 */
class SqsTasksEndpointDeadLetterHttpTests {

	private static final String QUEUE = ActuatorServer.QUEUE;

	private static final String DEAD_LETTER_QUEUE = QUEUE + "_dead";

	private static final String LIST = "/actuator/sqstasks/" + QUEUE + "/dead-letters";

	private static final String WITH_DEAD_LETTER_QUEUE = "sqs-tasks.queues." + QUEUE + ".dead-letter-queue="
			+ DEAD_LETTER_QUEUE;

	private static final ObjectMapper json = new ObjectMapper();

	private static ActuatorServer server;

	@BeforeAll
	static void startServer() {
		server = ActuatorServer.start("management.endpoint.sqstasks.access=unrestricted", WITH_DEAD_LETTER_QUEUE);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void fillDeadLetterQueue() {
		fill(server, 3);
	}

	@Test
	void getListsTheDeadLettersWithTheirTaskAndReasonAndLeavesThemVisible() throws Exception {
		HttpResponse<String> response = server.get(LIST + "?max=2");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("deadLetterQueue").asText()).isEqualTo(DEAD_LETTER_QUEUE);
		assertThat(body.get("messages")).hasSize(2).allSatisfy((message) -> {
			assertThat(message.get("taskName").asText()).isEqualTo("daily");
			assertThat(message.get("failureReason").asText()).startsWith("DoNotRetry: refused");
			assertThat(message.get("receiveCount").asInt()).isEqualTo(1);
		});
		assertThat(count(server, DEAD_LETTER_QUEUE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(3);
		assertThat(count(server, DEAD_LETTER_QUEUE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.isZero();
	}

	@Test
	void aMaxAboveTheLimitIsRefusedWithTheAllowedRange() throws Exception {
		HttpResponse<String> response = server.get(LIST + "?max=1000");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("Cannot list 1000 dead letter(s) "
				+ "of queue 'reports': max must be between 1 and 100, as in GET "
				+ "/actuator/sqstasks/reports/dead-letters?max=20");
	}

	@Test
	void aPostToReplayMovesThatMessageBackToTheQueue() throws Exception {
		String id = ids(server).get(1);

		HttpResponse<String> response = server.post(LIST + "/" + id + "/replay");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("action").asText()).isEqualTo("replay");
		assertThat(server.waiting()).isEqualTo(1);
		assertThat(ids(server)).hasSize(2).doesNotContain(id);
	}

	@Test
	void aPostToDiscardDeletesThatMessage() throws Exception {
		String id = ids(server).get(0);

		HttpResponse<String> response = server.post(LIST + "/" + id + "/discard");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(server.waiting()).isZero();
		assertThat(ids(server)).hasSize(2).doesNotContain(id);
	}

	@Test
	void anUnknownMessageIdIsNotFound() throws Exception {
		HttpResponse<String> response = server.post(LIST + "/00000000-0000-0000-0000-000000000000/replay");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("error").asText())
			.startsWith("No message 00000000-0000-0000-0000-000000000000 in dead-letter queue 'reports_dead'");
		assertThat(ids(server)).hasSize(3);
	}

	@Test
	void anUnknownActionIsABadRequest() throws Exception {
		String id = ids(server).get(0);

		HttpResponse<String> response = server.post(LIST + "/" + id + "/delete");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ids(server)).hasSize(3);
	}

	@Test
	void aCrossSitePostToReplayIsRefusedAndMovesNothing() throws Exception {
		String id = ids(server).get(0);

		HttpResponse<String> response = server.post(LIST + "/" + id + "/replay", "Origin", "https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(server.waiting()).isZero();
		assertThat(ids(server)).hasSize(3);
	}

	@Test
	void byDefaultTheListingIsAvailableButReplayAndDiscardAreNot() throws Exception {
		try (ActuatorServer readOnly = ActuatorServer.start(WITH_DEAD_LETTER_QUEUE)) {
			fill(readOnly, 1);
			String id = ids(readOnly).get(0);

			assertThat(readOnly.post(LIST + "/" + id + "/replay").statusCode()).isIn(404, 405);
			assertThat(readOnly.post(LIST + "/" + id + "/discard").statusCode()).isIn(404, 405);

			assertThat(ids(readOnly)).containsExactly(id);
			assertThat(readOnly.waiting()).isZero();
		}
	}

	private static List<String> ids(ActuatorServer server) throws Exception {
		HttpResponse<String> response = server.get(LIST + "?max=10");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		json.readTree(response.body()).get("messages").forEach((message) -> ids.add(message.get("messageId").asText()));
		return ids;
	}

	/**
	 * Empties the queue and its dead-letter queue, then puts {@code count} dead letters in the latter.
	 */
	private static void fill(ActuatorServer server, int count) {
		SqsAsyncClient sqs = server.bean(SqsAsyncClient.class);
		QueueResolver queues = server.bean(QueueResolver.class);
		String url = queues.url(DEAD_LETTER_QUEUE);
		sqs.purgeQueue((request) -> request.queueUrl(queues.url(QUEUE))).join();
		sqs.purgeQueue((request) -> request.queueUrl(url)).join();
		for (int i = 0; i < count; i++) {
			int n = i;
			sqs.sendMessage((request) -> request.queueUrl(url)
				.messageBody("{\"n\":" + n + "}")
				.messageAttributes(Map.of(WireFormat.JOB_NAME, string("daily"), WireFormat.CONTENT_TYPE,
						string(WireFormat.JSON), WireFormat.JOB_CONTEXT, string("{}"), WireFormat.FAILURE_REASON,
						string("DoNotRetry: refused " + n))))
				.join();
		}
	}

	private static int count(ActuatorServer server, String queue, QueueAttributeName attribute) {
		String url = server.bean(QueueResolver.class).url(queue);
		return Integer.parseInt(server.bean(SqsAsyncClient.class)
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(attribute))
			.join()
			.attributes()
			.get(attribute));
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
