package io.github.sqstasks.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.embedded.EmbeddedSqsBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged shop, after {@code spring-boot:process-aot}, started in its own JVM with
 * {@code -Dspring.aot.enabled=true} (the AOT-generated bean definitions instead of configuration classes), processes
 * its start-up orders: handlers bound, the typed client's proxy, the baked task, the outbox and the Actuator endpoint.
 * The broker is an ElasticMQ this test starts; the packaged jar has none (ElasticMQ is test-scoped).
 */
class ShopAotIT {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final List<String> output = new CopyOnWriteArrayList<>();

	private EmbeddedSqsBroker broker;

	private Process shop;

	@AfterEach
	void stop() throws Exception {
		if (this.shop != null) {
			this.shop.destroy();
			if (!this.shop.waitFor(60, TimeUnit.SECONDS)) {
				this.shop.destroyForcibly();
			}
			// the child's log, for a failure in CI
			Files.write(Path.of("target/shop-aot.log"), this.output);
		}
		if (this.broker != null) {
			this.broker.destroy();
		}
	}

	@Test
	void processAotWritesTheShopsHandlerClientAndArgumentHints() throws Exception {
		JsonNode hints = new ObjectMapper().readTree(Path.of("target/spring-aot/main/resources/META-INF/native-image/"
				+ "io.github.sqstasks/sample-app/reachability-metadata.json").toFile());
		List<String> proxies = new ArrayList<>();
		Map<String, List<String>> methods = new HashMap<>();
		for (JsonNode entry : hints.get("reflection")) {
			JsonNode type = entry.get("type");
			if (type.has("proxy")) {
				type.get("proxy").forEach((name) -> proxies.add(name.asText()));
			}
			else {
				methods.put(type.asText(), entry.path("methods").findValuesAsText("name"));
			}
		}
		assertThat(proxies).contains("io.github.sqstasks.sample.EmailClient");
		assertThat(methods.get("io.github.sqstasks.sample.InvoiceTasks")).contains("createInvoice");
		assertThat(methods.get("io.github.sqstasks.sample.EmailTasks")).contains("sendConfirmation", "sendReminder");
		assertThat(methods.get("io.github.sqstasks.sample.Order$Line")).contains("sku", "quantity", "unitPrice");
		assertThat(methods).containsKey("io.github.sqstasks.producer.BakedTask");
	}

	@Test
	void theAotProcessedShopProcessesItsOrdersOnTheJvm() throws Exception {
		this.broker = new EmbeddedSqsBroker("127.0.0.1", 0);
		this.shop = start(this.broker.getEndpoint());

		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(this.shop.isAlive()).as("shop still running; its output:%n%s", String.join("\n", this.output))
				.isTrue();
			assertThat(lines("Invoice created for order")).hasSize(5);
			assertThat(lines("Confirmation sent to")).hasSize(5);
			assertThat(lines("Reminder sent to customer1@example.com")).hasSize(1);
		});
		assertThat(lines("Starting AOT-processed ShopApplication")).as("Spring Boot ran on the generated artifacts")
			.hasSize(1);
		assertThat(this.output).noneMatch((line) -> line.contains(" ERROR "));

		int port = port();
		String report = get("http://127.0.0.1:" + port + "/actuator/sqstasks");
		assertThat(report).contains("\"create_invoice\"").contains("\"send_confirmation\"");
	}

	private Process start(URI endpoint) throws IOException {
		Path jar = Path.of(System.getProperty("shop.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged shop (run by failsafe after package)").exists();
		assertThat(Files.exists(Path.of("target/spring-aot/main/sources"))).as("spring-boot:process-aot ran").isTrue();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar.toString(),
				"--server.port=0",
				"--spring.cloud.aws.sqs.endpoint=" + endpoint,
				"--spring.cloud.aws.region.static=" + EmbeddedSqsBroker.REGION,
				"--spring.cloud.aws.credentials.access-key=test",
				"--spring.cloud.aws.credentials.secret-key=test",
				"--sqs-tasks.create-queues=true",
				"--sqs-tasks.defaults.poll-timeout=1s"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "shop-output");
		reader.setDaemon(true);
		reader.start();
		return process;
	}

	private List<String> lines(String text) {
		return this.output.stream().filter((line) -> line.contains(text)).toList();
	}

	private int port() {
		for (String line : this.output) {
			Matcher matcher = PORT.matcher(line);
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
		}
		throw new AssertionError("no Tomcat port in the output:\n" + String.join("\n", this.output));
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return response.body();
	}

}
