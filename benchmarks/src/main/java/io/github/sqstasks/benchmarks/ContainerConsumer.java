package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Plain Spring Cloud AWS: an {@link SqsMessageListenerContainer} with a no-op listener, with default options unless
 * a customizer changes them; a fresh container is built on every start.
 */
public final class ContainerConsumer implements Consumer {

	private static final Logger logger = LoggerFactory.getLogger(ContainerConsumer.class);

	private final SqsAsyncClient sqs;

	private final String queueUrl;

	private final Probe probe;

	private final UnaryOperator<SqsContainerOptionsBuilder> options;

	private final List<String> stopFailures = new ArrayList<>();

	private @Nullable SqsMessageListenerContainer<Object> container;

	/**
	 * Creates the consumer, stopped.
	 * @param sqs the client
	 * @param queueUrl the queue to drain
	 * @param probe notified of each message
	 * @param options changes to the default container options ({@code UnaryOperator.identity()} for none)
	 */
	public ContainerConsumer(SqsAsyncClient sqs, String queueUrl, Probe probe,
			UnaryOperator<SqsContainerOptionsBuilder> options) {
		this.sqs = sqs;
		this.queueUrl = queueUrl;
		this.probe = probe;
		this.options = options;
	}

	@Override
	public synchronized void start() {
		SqsMessageListenerContainer<Object> created = SqsMessageListenerContainer.builder()
			.id("bench-" + System.nanoTime())
			.sqsAsyncClient(this.sqs)
			.queueNames(this.queueUrl)
			.messageListener((message) -> this.probe.startedBody((String) message.getPayload()))
			.configure(this.options::apply)
			.build();
		created.start();
		this.container = created;
	}

	@Override
	public synchronized void stop() {
		if (this.container != null) {
			try {
				this.container.stop();
			}
			catch (RuntimeException ex) {
				// a short listenerShutdownTimeout makes Spring Cloud AWS 4.1.0 fail in stop(); counted, not fatal
				this.stopFailures.add(ex.toString());
				logger.warn("Container stop failed: {}", ex.toString());
			}
			this.container = null;
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

}
