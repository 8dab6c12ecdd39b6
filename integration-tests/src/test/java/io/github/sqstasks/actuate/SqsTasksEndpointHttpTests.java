package io.github.sqstasks.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code sqstasks} endpoint's write operations over HTTP on a real server: read-only until
 * {@code management.endpoint.sqstasks.access=unrestricted}, and then refused to requests a browser marks as coming
 * from another site. Each test puts three messages in a queue and checks whether they are still there.
 */
class SqsTasksEndpointHttpTests {

	private static final String PURGE = "/actuator/sqstasks/" + ActuatorServer.QUEUE + "/purge";

	private static final String UNRESTRICTED = "management.endpoint.sqstasks.access=unrestricted";

	/** The tests that need no other property share one server; each refills the queue first. */
	private static ActuatorServer unrestricted;

	@BeforeAll
	static void startUnrestrictedServer() {
		unrestricted = ActuatorServer.start(UNRESTRICTED);
	}

	@AfterAll
	static void stopUnrestrictedServer() {
		unrestricted.close();
	}

	@Test
	void byDefaultAPostToPurgeFindsNoOperationAndPurgesNothing() throws Exception {
		try (ActuatorServer server = ActuatorServer.start()) {
			server.send(3);

			HttpResponse<String> response = server.post(PURGE);

			assertThat(response.statusCode()).isIn(404, 405);
			assertThat(server.waiting()).isEqualTo(3);
			assertThat(server.get("/actuator/sqstasks/" + ActuatorServer.QUEUE).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void withUnrestrictedAccessAPostWithoutOriginPurges() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"visible\":3");
		await().atMost(Duration.ofSeconds(5)).until(server::waiting, (waiting) -> waiting == 0);
	}

	@Test
	void aCrossSitePostWithNoBodyAndNoContentTypeIsRefusedAndPurgesNothing() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE, "Origin", "https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"path\":\"" + PURGE + "\",\"error\":\"Refused POST " + PURGE
				+ ": the browser says it comes from another site (Origin 'https://evil.example', while this "
				+ "server is 'http://localhost:" + server.port() + "'). sqs-tasks refuses write operations from "
				+ "other sites so that a web page cannot change queues through a visitor's browser. Send it from "
				+ "a page of this origin, or without a browser (curl, a script); behind a proxy, set "
				+ "server.forward-headers-strategy so that the application sees its public origin.\"}");
		assertThat(server.waiting()).isEqualTo(3);
	}

	@Test
	void aPostFromTheServersOwnOriginPurges() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE, "Origin", "http://localhost:" + server.port(),
				"Sec-Fetch-Site", "same-origin");

		assertThat(response.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(server::waiting, (waiting) -> waiting == 0);
	}

	@Test
	void anOriginOnAnotherPortOfTheSameHostIsRefused() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE, "Origin", "http://localhost:" + (server.port() + 1));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(server.waiting()).isEqualTo(3);
	}

	@Test
	void aPostTheBrowserMarksAsFromAnotherSiteOfTheSameDomainIsRefused() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE, "Sec-Fetch-Site", "same-site");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("(Sec-Fetch-Site: same-site)");
		assertThat(server.waiting()).isEqualTo(3);
	}

	@Test
	void aCrossSiteGetStillReads() throws Exception {
		ActuatorServer server = unrestricted;

		HttpResponse<String> response = server.get("/actuator/sqstasks/" + ActuatorServer.QUEUE, "Origin",
				"https://evil.example", "Sec-Fetch-Site", "cross-site");

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void underAnotherBasePathTheGuardFollowsTheEndpoint() throws Exception {
		try (ActuatorServer server = ActuatorServer.start(UNRESTRICTED, "management.endpoints.web.base-path=/manage")) {
			server.send(3);

			HttpResponse<String> crossSite = server.post("/manage/sqstasks/reports/purge", "Origin",
					"https://evil.example");

			assertThat(crossSite.statusCode()).isEqualTo(403);
			assertThat(server.waiting()).isEqualTo(3);
			assertThat(server.post("/manage/sqstasks/reports/purge").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void onASeparateManagementPortACrossSitePostIsRefused() throws Exception {
		try (ActuatorServer server = ActuatorServer.start(UNRESTRICTED, "management.server.port=0")) {
			server.send(3);

			HttpResponse<String> response = server.post(server.managementPort(), PURGE, "Origin",
					"https://evil.example");

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(server.waiting()).isEqualTo(3);
		}
	}

	@Test
	void onASeparateManagementPortAPostFromItsOwnOriginPurges() throws Exception {
		try (ActuatorServer server = ActuatorServer.start(UNRESTRICTED, "management.server.port=0")) {
			server.send(3);

			HttpResponse<String> response = server.post(server.managementPort(), PURGE, "Origin",
					"http://localhost:" + server.managementPort());

			assertThat(response.statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(server::waiting, (waiting) -> waiting == 0);
		}
	}

	@Test
	void forwardedHeadersAppliedByTheFrameworkStrategyMakeTheProxysOriginTheServersOwn() throws Exception {
		try (ActuatorServer server = ActuatorServer.start(UNRESTRICTED, "server.forward-headers-strategy=framework")) {
			server.send(3);

			HttpResponse<String> response = server.post(PURGE, "X-Forwarded-Proto", "https", "X-Forwarded-Host",
					"shop.example", "Origin", "https://shop.example");

			assertThat(response.statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(server::waiting, (waiting) -> waiting == 0);
		}
	}

	@Test
	void forwardedHeadersThatNoStrategyAppliesAreIgnored() throws Exception {
		ActuatorServer server = unrestricted;
		server.refill(3);

		HttpResponse<String> response = server.post(PURGE, "X-Forwarded-Proto", "https", "X-Forwarded-Host",
				"evil.example", "Origin", "https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(server.waiting()).isEqualTo(3);
	}

}
