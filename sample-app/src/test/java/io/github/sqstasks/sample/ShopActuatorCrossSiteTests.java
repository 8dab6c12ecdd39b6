package io.github.sqstasks.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop's purge over HTTP on a real server: the request a page on another site can send without a preflight
 * ({@code fetch(url, {method: 'POST', mode: 'no-cors'})}: no body, no {@code Content-Type}) is refused, the same
 * request from the shop's own origin purges. Messages go to {@code emails_dead}, which no listener consumes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.demo-orders=0", "sqs-tasks.defaults.poll-timeout=1s" })
class ShopActuatorCrossSiteTests {

	private static final String PURGE = "/actuator/sqstasks/emails_dead/purge";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	SqsAsyncClient sqs;

	String deadLetterQueueUrl;

	@BeforeEach
	void sendThreeMessagesToTheDeadLetterQueue() {
		this.deadLetterQueueUrl = this.sqs.getQueueUrl((request) -> request.queueName("shop-emails_dead"))
			.join()
			.queueUrl();
		this.sqs.purgeQueue((request) -> request.queueUrl(this.deadLetterQueueUrl)).join();
		for (int i = 0; i < 3; i++) {
			this.sqs.sendMessage((request) -> request.queueUrl(this.deadLetterQueueUrl).messageBody("{}")).join();
		}
		assertThat(waiting()).isEqualTo(3);
	}

	@Test
	void aCrossSitePostWithNoBodyAndNoContentTypeIsRefusedAndPurgesNothing() throws Exception {
		HttpResponse<String> response = post("https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"path\":\"" + PURGE + "\"")
			.contains("Origin 'https://evil.example', while this server is 'http://localhost:" + this.port + "'");
		assertThat(waiting()).isEqualTo(3);
	}

	@Test
	void theSamePostFromTheShopsOwnOriginPurges() throws Exception {
		HttpResponse<String> response = post("http://localhost:" + this.port);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"shop-emails_dead\"");
		await().atMost(Duration.ofSeconds(5)).until(this::waiting, (waiting) -> waiting == 0);
	}

	private HttpResponse<String> post(String origin) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + PURGE))
			.POST(BodyPublishers.noBody())
			.header("Origin", origin)
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

	private int waiting() {
		return Integer.parseInt(this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.deadLetterQueueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

}
