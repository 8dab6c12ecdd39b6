package io.github.sqstasks.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.sqstasks.actuate.SqsTasksEndpointException.Kind;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.InMemorySqsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code await-empty} write operation of the {@code sqstasks} endpoint: on the in-memory SQS with a clock the test
 * moves, and over HTTP on a real server.
 */
class AwaitEmptyEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InMemorySqsAutoConfiguration.class, SqsTasksAutoConfiguration.class,
				SqsTasksActuatorAutoConfiguration.class))
		.withBean(OrderTasks.class)
		.withPropertyValues("sqs-tasks.listener.enabled=false", "sqs-tasks.queues.orders.dead-letter-queue=orders_dead",
				"management.endpoints.web.exposure.include=sqstasks");

	@Test
	void itWaitsOnTheClockUntilTheTimeoutAndReportsWhatIsLeft() {
		this.runner.run((context) -> {
			InMemorySqs sqs = context.getBean(InMemorySqs.class);
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			context.getBean(SqsTaskTemplate.class).addJob("orders", "ship", Map.of("n", 1));

			CompletableFuture<EmptyQueuesReport> wait = CompletableFuture
				.supplyAsync(() -> endpoint.awaitEmpty(SqsTasksEndpoint.AWAIT_EMPTY, Duration.ofSeconds(10), null));
			advanceUntilDone(sqs, wait);

			EmptyQueuesReport report = wait.join();
			assertThat(report.empty()).isFalse();
			assertThat(report.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
			// every known queue, dead-letter queues aside
			assertThat(report.queues()).containsOnly(Map.entry("orders", new MessageCounts(1, 0, 0)),
					Map.entry("cron", new MessageCounts(0, 0, 0)));
		});
	}

	@Test
	void itAnswersEmptyOnceTheNamedQueuesAreEmpty() {
		this.runner.run((context) -> {
			InMemorySqs sqs = context.getBean(InMemorySqs.class);
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			context.getBean(SqsTaskTemplate.class).addJob("orders", "ship", Map.of("n", 1));

			CompletableFuture<EmptyQueuesReport> wait = CompletableFuture.supplyAsync(
					() -> endpoint.awaitEmpty(SqsTasksEndpoint.AWAIT_EMPTY, Duration.ofMinutes(10), List.of("cron")));
			advanceUntilDone(sqs, wait);

			assertThat(wait.join().empty()).isTrue();
			assertThat(wait.join().queues()).containsOnlyKeys("cron");
		});
	}

	@Test
	void anUnknownQueueActionOrTimeoutIsRefused() {
		this.runner.run((context) -> {
			SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
			assertThatThrownBy(() -> endpoint.awaitEmpty("await-emtpy", null, null))
				.isInstanceOfSatisfying(SqsTasksEndpointException.class,
						(ex) -> assertThat(ex.getKind()).isEqualTo(Kind.INVALID_REQUEST))
				.hasMessageContaining("Unknown action 'await-emtpy': use 'await-empty'");
			assertThatThrownBy(() -> endpoint.awaitEmpty("await-empty", null, List.of("billing")))
				.isInstanceOfSatisfying(SqsTasksEndpointException.class,
						(ex) -> assertThat(ex.getKind()).isEqualTo(Kind.UNKNOWN_QUEUE))
				.hasMessageContaining("Unknown sqs-tasks queue 'billing'");
			assertThatThrownBy(() -> endpoint.awaitEmpty("await-empty", Duration.ofHours(1), null))
				.hasMessageContaining("timeout must be 0s to 15m");
		});
	}

	@Test
	void overHttpItAnswers200WhenEmptyAnd503WithTheCountsWhenNot() throws Exception {
		try (ActuatorServer server = ActuatorServer.start("management.endpoint.sqstasks.access=unrestricted")) {
			String path = "/actuator/sqstasks/await-empty";
			// Its parameters make it a JSON operation: a request needs Content-Type application/json.
			assertThat(post(server.port(), path, "").statusCode()).isEqualTo(415);
			HttpResponse<String> empty = post(server.port(), path,
					"{\"timeout\":\"0s\",\"queues\":\"" + ActuatorServer.QUEUE + "\"}");
			assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
			assertThat(empty.body()).contains("\"empty\":true", "\"visible\":0");

			server.send(2);
			HttpResponse<String> notEmpty = post(server.port(), path, "{\"timeout\":\"PT0S\"}");
			assertThat(notEmpty.statusCode()).as(notEmpty.body()).isEqualTo(503);
			assertThat(notEmpty.body()).contains("\"empty\":false", "\"visible\":2");
		}
	}

	private static void advanceUntilDone(InMemorySqs sqs, CompletableFuture<?> wait) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			sqs.advance(Duration.ofSeconds(1));
			return wait.isDone();
		});
	}

	private static HttpResponse<String> post(int port, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (json.isEmpty()) {
			request.POST(BodyPublishers.noBody());
		}
		else {
			request.POST(BodyPublishers.ofString(json)).header("Content-Type", "application/json");
		}
		return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
	}

}
