package io.github.sqstasks.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.producer.SqsTaskTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Builds the consumers under test, each with its own counted client and queue, and closes them all at the end.
 */
public final class Subjects implements AutoCloseable {

	/** The AWS SDK's own connection limit, what a client built with {@code SqsAsyncClient.builder()} has. */
	static final int DEFAULT_CONNECTIONS = 50;

	private final URI endpoint;

	private final Probe probe;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	/**
	 * Creates the factory.
	 * @param endpoint the ElasticMQ endpoint
	 * @param probe the probe every consumer reports to
	 */
	public Subjects(URI endpoint, Probe probe) {
		this.endpoint = endpoint;
		this.probe = probe;
	}

	/**
	 * Returns the broker's endpoint.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Returns the probe every consumer reports to.
	 * @return the probe
	 */
	public Probe probe() {
		return this.probe;
	}

	/**
	 * Returns the hand-written SDK loop.
	 * @param name the row name
	 * @param threads receiving threads
	 * @return the subject
	 */
	public Subject raw(String name, int threads) {
		return raw(name, threads, "raw" + threads);
	}

	/**
	 * Returns the hand-written SDK loop on a queue of the given name.
	 * @param name the row name
	 * @param threads receiving threads
	 * @param queue its queue
	 * @return the subject
	 */
	public Subject raw(String name, int threads, String queue) {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter);
		String url = createQueue(client, queue);
		RawSdkConsumer consumer = own(new RawSdkConsumer(client, url, this.probe, threads));
		return new Subject(name, counter, () -> url, consumer, (ns) -> Messages.send(client, url, ns), true,
				client);
	}

	/**
	 * Returns a Spring Cloud AWS container with a no-op listener.
	 * @param name the row name
	 * @param queue its queue
	 * @param options changes to the default options
	 * @param idle whether to run the idle window
	 * @return the subject
	 */
	public Subject container(String name, String queue, UnaryOperator<SqsContainerOptionsBuilder> options,
			boolean idle) {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter);
		String url = createQueue(client, queue);
		ContainerConsumer consumer = own(new ContainerConsumer(client, url, this.probe, options));
		return new Subject(name, counter, () -> url, consumer, (ns) -> Messages.send(client, url, ns), idle,
				client);
	}

	/**
	 * Returns a Spring Boot application with a no-op {@code @SqsListener} on Spring Cloud AWS's defaults.
	 * @param name the row name
	 * @param queue its queue
	 * @param properties Spring Cloud AWS properties on top of its defaults
	 * @return the subject
	 */
	public Subject sqsListener(String name, String queue, Map<String, Object> properties) {
		return sqsListener(name, queue, properties, DEFAULT_CONNECTIONS);
	}

	/**
	 * Returns a Spring Boot application with a no-op {@code @SqsListener} on a client with this many connections.
	 * @param name the row name
	 * @param queue its queue
	 * @param properties Spring Cloud AWS properties on top of its defaults
	 * @param connections the client's HTTP connection limit
	 * @return the subject
	 */
	public Subject sqsListener(String name, String queue, Map<String, Object> properties, int connections) {
		RequestCounter counter = new RequestCounter();
		SqsAsyncClient client = elasticMqClient(counter, connections);
		String url = createQueue(client, queue);
		SqsListenerConsumer consumer = own(new SqsListenerConsumer(client, url, this.probe, properties));
		return new Subject(name, counter, () -> url, consumer, (ns) -> Messages.send(client, url, ns), true, client);
	}

	/**
	 * Returns an sqs-tasks application on ElasticMQ.
	 * @param name the row name
	 * @param prefix its queue prefix
	 * @param properties sqs-tasks properties on top of the defaults
	 * @param idle whether to run the idle window
	 * @return the subject
	 */
	public Subject sqsTasks(String name, String prefix, Map<String, Object> properties, boolean idle) {
		return sqsTasks(name, prefix, properties, idle, DEFAULT_CONNECTIONS);
	}

	/**
	 * Returns an sqs-tasks application on ElasticMQ, on a client with this many connections.
	 * @param name the row name
	 * @param prefix its queue prefix
	 * @param properties sqs-tasks properties on top of the defaults
	 * @param idle whether to run the idle window
	 * @param connections the client's HTTP connection limit ({@code sqs-tasks.listener.max-connections} gives the
	 * client Spring Cloud AWS builds 500)
	 * @return the subject
	 */
	public Subject sqsTasks(String name, String prefix, Map<String, Object> properties, boolean idle,
			int connections) {
		RequestCounter counter = new RequestCounter();
		return sqsTasks(name, counter, elasticMqClient(counter, connections), prefix, properties, idle);
	}

	/**
	 * Returns an sqs-tasks application on the in-memory SQS.
	 * @param name the row name
	 * @return the subject
	 */
	public Subject inMemory(String name) {
		return inMemory(name, "memory-");
	}

	/**
	 * Returns an sqs-tasks application on an in-memory SQS of its own.
	 * @param name the row name
	 * @param prefix its queue prefix
	 * @return the subject
	 */
	public Subject inMemory(String name, String prefix) {
		RequestCounter counter = new RequestCounter();
		return sqsTasks(name, counter, counter.wrap(new InMemorySqsAsyncClient()), prefix, Map.of(), true);
	}

	private Subject sqsTasks(String name, RequestCounter counter, SqsAsyncClient client, String prefix,
			Map<String, Object> properties, boolean idle) {
		SqsTasksConsumer consumer = own(new SqsTasksConsumer(client, this.probe, prefix, properties));
		return new Subject(name, counter, () -> {
			consumer.prepare();
			return queueUrl(client, prefix + SqsTasksApplication.QUEUE);
		}, consumer,
				(ns) -> send(consumer.template(), ns), idle, client);
	}

	private static void send(SqsTaskTemplate template, List<Integer> numbers) {
		try (SqsTaskTemplate.Batch batch = template.batch()) {
			for (int n : numbers) {
				template.addJob(SqsTasksApplication.QUEUE, SqsTasksApplication.TASK, Map.of("n", n));
			}
		}
	}

	/**
	 * Returns the URL of a queue.
	 * @param client the client
	 * @param name the physical queue name
	 * @return its URL
	 */
	public static String queueUrl(SqsAsyncClient client, String name) {
		return client.getQueueUrl((request) -> request.queueName(name)).join().queueUrl();
	}

	/** Stops every consumer and closes every client, the sqs-tasks contexts included. */
	@Override
	public void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	private <T extends AutoCloseable> T own(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	/**
	 * Returns a client of the run's broker whose requests the counter counts, closed with the others.
	 * @param counter the counter
	 * @return the client
	 */
	public SqsAsyncClient elasticMqClient(RequestCounter counter) {
		return elasticMqClient(counter, DEFAULT_CONNECTIONS);
	}

	/**
	 * Returns a client of the run's broker with this many HTTP connections, its requests counted.
	 * @param counter the counter
	 * @param connections the Netty client's connection limit
	 * @return the client
	 */
	public SqsAsyncClient elasticMqClient(RequestCounter counter, int connections) {
		return own(SqsAsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(connections))
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
			.overrideConfiguration((config) -> config.addExecutionInterceptor(counter))
			.build());
	}

	private static String createQueue(SqsAsyncClient client, String name) {
		return client.createQueue((request) -> request.queueName(name)).join().queueUrl();
	}

}
