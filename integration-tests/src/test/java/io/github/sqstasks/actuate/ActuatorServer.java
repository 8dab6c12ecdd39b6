package io.github.sqstasks.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.SqsTaskTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A servlet web application with the actuator on a real Tomcat at a free port, the embedded ElasticMQ of the actuator
 * tests, and the queue {@code reports} (configured, no handler, no listener), so that what a request did to it shows
 * in its message counts.
 */
final class ActuatorServer implements AutoCloseable {

	static final String QUEUE = "reports";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ConfigurableApplicationContext context;

	private ActuatorServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application with the given properties on top of its own.
	 */
	static ActuatorServer start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"sqs-tasks.listener.enabled=false", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix=" + TestBroker.uniquePrefix(), "sqs-tasks.queues." + QUEUE + ".concurrency=1",
				"management.endpoints.web.exposure.include=sqstasks"));
		all.addAll(List.of(properties));
		return new ActuatorServer(new SpringApplicationBuilder(WebApplication.class)
			.properties(all.toArray(String[]::new))
			.run());
	}

	/**
	 * Returns a bean of the application.
	 */
	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.management.port"));
	}

	/**
	 * Empties {@link #QUEUE} through SQS, then sends {@code count} messages to it.
	 */
	void refill(int count) {
		SqsAsyncClient sqs = this.context.getBean(SqsAsyncClient.class);
		String url = this.context.getBean(QueueResolver.class).url(QUEUE);
		sqs.purgeQueue((request) -> request.queueUrl(url)).join();
		send(count);
	}

	/**
	 * Sends {@code count} messages to {@link #QUEUE}.
	 */
	void send(int count) {
		SqsTaskTemplate tasks = this.context.getBean(SqsTaskTemplate.class);
		for (int i = 0; i < count; i++) {
			tasks.addJob(QUEUE, "daily", Map.of("n", i));
		}
	}

	/**
	 * Returns the messages waiting in {@link #QUEUE}, as SQS counts them.
	 */
	long waiting() {
		MessageCounts counts = this.context.getBean(SqsTasksEndpoint.class).queue(QUEUE).messages();
		return (counts != null) ? counts.total() : -1;
	}

	/**
	 * Sends a POST with no body and no {@code Content-Type}, as {@code fetch(url, {method: 'POST', mode: 'no-cors'})}
	 * does, to the server's port.
	 * @param path the path, like {@code /actuator/sqstasks/reports/purge}
	 * @param headers header names and values, alternating
	 */
	HttpResponse<String> post(String path, String... headers) throws IOException, InterruptedException {
		return post(port(), path, headers);
	}

	HttpResponse<String> post(int port, String path, String... headers) throws IOException, InterruptedException {
		return send(port, path, "POST", headers);
	}

	HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		return send(port(), path, "GET", headers);
	}

	private HttpResponse<String> send(int port, String path, String method, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		SqsAsyncClient sqsAsyncClient() {
			return TestBroker.client();
		}

	}

}
