package io.github.sqstasks.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's page and JSON over HTTP on a real server and the in-memory SQS: what it lists, and who may act.
 */
class DashboardHttpTests {

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	abstract static class OnServer {

		@LocalServerPort
		int port;

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		DashboardApplication.Mailer mailer;

		@BeforeEach
		void emptyQueues() {
			this.sqs.clear();
		}

		String deadLetterOf(String to) {
			this.mailer.bouncing.add(to);
			this.tasks.addJob("emails", "send_email", Map.of("to", to));
			this.sqs.processUntilIdle(Duration.ofSeconds(10));
			return this.sqs.deadLetters("emails")
				.stream()
				.filter((message) -> to.equals(message.arguments().get("to")))
				.findFirst()
				.orElseThrow()
				.messageId();
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return send("GET", path);
		}

		HttpResponse<String> send(String method, String path, String... headers)
				throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.method(method, BodyPublishers.noBody());
			if (headers.length > 0) {
				request.headers(headers);
			}
			return http.send(request.build(), BodyHandlers.ofString());
		}

	}

	@Nested
	@SpringBootTest(classes = DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "sqs-tasks.dashboard.enabled=true", "sqs-tasks.queues.emails.dead-letter-queue=emails_dead",
					"sqs-tasks.queues.reports.concurrency=1" })
	@AutoConfigureInMemorySqs
	class ReadOnly extends OnServer {

		@Test
		void thePathRedirectsToThePageWhichComesFromTheJarWithItsScriptAndStyles() throws Exception {
			HttpResponse<String> redirect = get("/sqs-tasks");
			HttpResponse<String> page = get("/sqs-tasks/");

			assertThat(redirect.statusCode()).isEqualTo(302);
			assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(
					redirect.uri().resolve(location)).isEqualTo(URI.create("http://localhost:" + this.port + "/sqs-tasks/")));
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(page.body()).contains("<script src=\"dashboard.js\"", "<link rel=\"stylesheet\" href=\"dashboard.css\">")
				.doesNotContain("http://", "https://");
			assertThat(get("/sqs-tasks/dashboard.js").body()).contains("api/overview");
			assertThat(get("/sqs-tasks/dashboard.css").statusCode()).isEqualTo(200);
		}

		@Test
		void theOverviewListsEveryQueueWithItsCountsAndDeadLetterDepth() throws Exception {
			this.tasks.addJob("reports", "daily", Map.of());
			this.tasks.addJob("reports", "daily", Map.of());
			deadLetterOf("nobody@example.com");

			JsonNode overview = json.readTree(get("/sqs-tasks/api/overview").body());

			assertThat(overview.get("writable").asBoolean()).isFalse();
			JsonNode queues = overview.get("queues");
			assertThat(queues).extracting((queue) -> queue.get("queue").asText()).containsExactly("emails", "reports");
			JsonNode reports = queues.get(1);
			assertThat(reports.get("messages").get("visible").asLong()).isEqualTo(2);
			assertThat(reports.get("deadLetterQueue").isNull()).isTrue();
			JsonNode emails = queues.get(0);
			assertThat(emails.get("consumed").asBoolean()).isTrue();
			assertThat(emails.get("deadLetterQueue").get("name").asText()).isEqualTo("emails_dead");
			assertThat(emails.get("deadLetterQueue").get("depth").asLong()).isEqualTo(1);
			JsonNode task = overview.get("tasks").get(0);
			assertThat(task.get("task").asText()).isEqualTo("send_email");
			assertThat(task.get("deadLettered").asLong()).isGreaterThanOrEqualTo(1);
			assertThat(task.get("history")).hasSize(TaskActivity.BUCKETS);
			assertThat(overview.get("schedules")).isEmpty();
		}

		@Test
		void theDeadLetterViewShowsTaskReasonReceiveCountAndBody() throws Exception {
			String id = deadLetterOf("gone@example.com");

			JsonNode page = json.readTree(get("/sqs-tasks/api/queues/emails/dead-letters").body());

			JsonNode message = page.get("messages").get(0);
			assertThat(message.get("messageId").asText()).isEqualTo(id);
			assertThat(message.get("taskName").asText()).isEqualTo("send_email");
			assertThat(message.get("failureReason").asText()).startsWith("DoNotRetry: mailbox does not exist: gone@");
			assertThat(message.get("receiveCount").asInt()).isPositive();
			assertThat(message.get("body").asText()).isEqualTo("{\"to\":\"gone@example.com\"}");
			assertThat(message.get("bodyCut").asBoolean()).isFalse();
		}

		@Test
		void aBodyLongerThanTheLimitIsCutAndTheFullLengthGiven() throws Exception {
			String to = "x".repeat(20_000);
			deadLetterOf(to);

			JsonNode message = json.readTree(get("/sqs-tasks/api/queues/emails/dead-letters").body())
				.get("messages")
				.get(0);

			assertThat(message.get("body").asText()).hasSize(DashboardData.MAX_BODY_CHARS);
			assertThat(message.get("bodyLength").asInt()).isEqualTo(20_000 + "{\"to\":\"\"}".length());
			assertThat(message.get("bodyCut").asBoolean()).isTrue();
		}

		@Test
		void aQueueWithoutDeadLetterQueueAndAnUnknownQueueAreNamedInTheError() throws Exception {
			HttpResponse<String> none = get("/sqs-tasks/api/queues/reports/dead-letters");
			HttpResponse<String> unknown = get("/sqs-tasks/api/queues/nope/dead-letters");

			assertThat(none.statusCode()).isEqualTo(400);
			assertThat(json.readTree(none.body()).get("error").asText())
				.isEqualTo("Queue 'reports' has no dead-letter queue: set sqs-tasks.queues.reports.dead-letter-queue");
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(json.readTree(unknown.body()).get("error").asText()).startsWith("Unknown sqs-tasks queue 'nope'")
				.endsWith("Known queues: emails, reports.");
		}

		@Test
		void byDefaultAReplayIsRefusedWithTheSettingToChangeAndTheMessageStays() throws Exception {
			String id = deadLetterOf("stays@example.com");

			HttpResponse<String> response = send("POST", "/sqs-tasks/api/queues/emails/dead-letters/" + id + "/replay");

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("error").asText())
				.startsWith("The sqs-tasks dashboard is read-only: set sqs-tasks.dashboard.access=unrestricted");
			assertThat(this.sqs.deadLetters("emails")).extracting("messageId").containsExactly(id);
		}

	}

	@Nested
	@SpringBootTest(classes = DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "sqs-tasks.dashboard.enabled=true", "sqs-tasks.dashboard.access=unrestricted",
					"sqs-tasks.dashboard.path=/ops/tasks/", "sqs-tasks.queues.emails.dead-letter-queue=emails_dead",
					"sqs-tasks.queues.reports.concurrency=1", "sqs-tasks.schedules.nightly.cron=0 0 2 * * *",
					"sqs-tasks.schedules.nightly.zone=Europe/Berlin", "sqs-tasks.schedules.nightly.queue=reports",
					"sqs-tasks.schedules.nightly.task=daily" })
	@AutoConfigureInMemorySqs
	class Unrestricted extends OnServer {

		@Test
		void aReplayMovesTheMessageBackAndTheHandlerRunsAgain() throws Exception {
			String id = deadLetterOf("later@example.com");
			this.mailer.bouncing.remove("later@example.com");

			HttpResponse<String> response = send("POST", "/ops/tasks/api/queues/emails/dead-letters/" + id + "/replay",
					"Origin", "http://localhost:" + this.port, "Sec-Fetch-Site", "same-origin");
			this.sqs.processUntilIdle(Duration.ofSeconds(10));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("action").asText()).isEqualTo("replay");
			assertThat(this.sqs.deadLetters("emails")).isEmpty();
			assertThat(this.mailer.sent).contains("later@example.com");
		}

		@Test
		void redriveMovesEveryDeadLetterBackAndTheHandlerRunsForEach() throws Exception {
			deadLetterOf("one@example.com");
			deadLetterOf("two@example.com");
			this.mailer.bouncing.clear();

			HttpResponse<String> response = send("POST", "/ops/tasks/api/queues/emails/redrive");
			this.sqs.processUntilIdle(Duration.ofSeconds(10));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("moved").asLong()).isEqualTo(2);
			assertThat(this.sqs.deadLetters("emails")).isEmpty();
			assertThat(this.mailer.sent).contains("one@example.com", "two@example.com");
		}

		@Test
		void aDiscardDeletesTheMessage() throws Exception {
			String id = deadLetterOf("drop@example.com");

			HttpResponse<String> response = send("POST", "/ops/tasks/api/queues/emails/dead-letters/" + id + "/discard");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(this.sqs.deadLetters("emails")).isEmpty();
			assertThat(this.mailer.sent).doesNotContain("drop@example.com");
		}

		@Test
		void aCrossSitePostIsRefusedAndTheMessageStays() throws Exception {
			String id = deadLetterOf("kept@example.com");

			HttpResponse<String> response = send("POST", "/ops/tasks/api/queues/emails/dead-letters/" + id + "/discard",
					"Origin", "https://evil.example");

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("error").asText())
				.startsWith("Refused POST /api/queues/emails/dead-letters/" + id + "/discard: the browser says it "
						+ "comes from another site (Origin 'https://evil.example'");
			assertThat(this.sqs.deadLetters("emails")).extracting("messageId").containsExactly(id);
		}

		@Test
		void theOverviewListsEachScheduleWithItsNextTick() throws Exception {
			JsonNode schedules = json.readTree(get("/ops/tasks/api/overview").body()).get("schedules");

			assertThat(schedules).hasSize(1);
			assertThat(schedules.get(0).get("schedule").asText()).isEqualTo("nightly");
			assertThat(schedules.get(0).get("task").asText()).isEqualTo("reports / daily");
			assertThat(schedules.get(0).get("cron").asText()).isEqualTo("0 0 2 * * * (Europe/Berlin)");
			// the in-memory SQS's clock starts at 2030-01-01T00:00Z: the next 02:00 in Berlin is 01:00Z that day
			assertThat(schedules.get(0).get("nextTick").asText()).isEqualTo("2030-01-01T01:00:00Z");
		}

		@Test
		void anUnknownMessageIsNotFound() throws Exception {
			HttpResponse<String> response = send("POST",
					"/ops/tasks/api/queues/emails/dead-letters/00000000-0000-0000-0000-000000000000/replay");

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(json.readTree(response.body()).get("error").asText()).startsWith(
					"No message 00000000-0000-0000-0000-000000000000 in dead-letter queue 'emails_dead'");
		}

		@Test
		void theDefaultPathIsNotServedWhenAnotherIsSet() throws Exception {
			assertThat(get("/sqs-tasks/api/overview").statusCode()).isEqualTo(404);
			assertThat(json.readTree(get("/ops/tasks/api/overview").body()).get("writable").asBoolean()).isTrue();
		}

	}

}
