package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Cloud AWS as its users run it: a Spring Boot context with an {@code @SqsListener}, on the given client; the
 * first start creates the context (its listener container starts with it), later starts and stops drive that
 * container through Spring Cloud AWS's container registry.
 */
public final class SqsListenerConsumer implements Consumer {

	private static final Logger logger = LoggerFactory.getLogger(SqsListenerConsumer.class);

	private final SqsAsyncClient sqs;

	private final Probe probe;

	private final Map<String, Object> properties = BenchApplications.baseProperties();

	private final List<String> stopFailures = new ArrayList<>();

	private @Nullable ConfigurableApplicationContext context;

	/**
	 * Creates the consumer; nothing starts yet.
	 * @param sqs the client the application uses
	 * @param queueUrl the queue the listener receives from
	 * @param probe notified of each message
	 * @param extraProperties Spring Cloud AWS properties on top of its defaults, e.g. a tuned
	 * {@code spring.cloud.aws.sqs.listener.max-concurrent-messages}
	 */
	public SqsListenerConsumer(SqsAsyncClient sqs, String queueUrl, Probe probe, Map<String, Object> extraProperties) {
		this.sqs = sqs;
		this.probe = probe;
		this.properties.put(SqsListenerApplication.QUEUE_PROPERTY, queueUrl);
		this.properties.putAll(extraProperties);
	}

	@Override
	public synchronized void start() {
		if (this.context == null) {
			this.context = BenchApplications.run(SqsListenerApplication.class, this.properties, this.sqs, this.probe);
		}
		else {
			container().start();
		}
	}

	@Override
	public synchronized void stop() {
		if (this.context == null) {
			return;
		}
		try {
			container().stop();
		}
		catch (RuntimeException ex) {
			// a short listenerShutdownTimeout makes Spring Cloud AWS 4.1.0 fail in stop(); counted, not fatal
			this.stopFailures.add(ex.toString());
			logger.warn("@SqsListener container stop failed: {}", ex.toString());
		}
	}

	/**
	 * Returns the exceptions that stopping the container threw.
	 * @return their descriptions, in order
	 */
	@Override
	public List<String> stopFailures() {
		return List.copyOf(this.stopFailures);
	}

	@Override
	public synchronized void close() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	private MessageListenerContainer<?> container() {
		if (this.context == null) {
			throw new IllegalStateException("The @SqsListener application has not been started");
		}
		MessageListenerContainer<?> container = this.context.getBean(MessageListenerContainerRegistry.class)
			.getContainerById(SqsListenerApplication.LISTENER_ID);
		if (container == null) {
			throw new IllegalStateException("No @SqsListener container '" + SqsListenerApplication.LISTENER_ID + "'");
		}
		return container;
	}

}
