package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * sqs-tasks as an application runs it: a Spring Boot context on the given client; the first start creates the
 * context (and with it the queue and its listener container), later starts and stops drive the containers.
 */
public final class SqsTasksConsumer implements Consumer {

	private static final Logger logger = LoggerFactory.getLogger(SqsTasksConsumer.class);

	/** The queue that the enqueue benchmark sends to; it has no handler. */
	public static final String ENQUEUE_QUEUE = "enqueue";

	private final SqsAsyncClient sqs;

	private final Probe probe;

	private final Map<String, Object> properties = BenchApplications.baseProperties();

	private final List<String> stopFailures = new ArrayList<>();

	private @Nullable ConfigurableApplicationContext context;

	/**
	 * Creates the consumer; nothing starts yet.
	 * @param sqs the client the application uses
	 * @param probe notified of each task
	 * @param prefix the queue prefix of this run
	 * @param extraProperties sqs-tasks properties on top of the defaults, e.g. a tuned concurrency
	 */
	public SqsTasksConsumer(SqsAsyncClient sqs, Probe probe, String prefix, Map<String, Object> extraProperties) {
		this.sqs = sqs;
		this.probe = probe;
		this.properties.put("sqs-tasks.embedded-broker.enabled", "false");
		this.properties.put("sqs-tasks.create-queues", "true");
		this.properties.put("sqs-tasks.queue-prefix", prefix);
		this.properties.put("sqs-tasks.queues." + ENQUEUE_QUEUE + ".max-receive-count", "5");
		this.properties.put("logging.level.org.elasticmq", "WARN");
		this.properties.put("logging.level.org.apache.pekko", "WARN");
		this.properties.put("logging.level.io.github.sqstasks", "WARN");
		this.properties.putAll(extraProperties);
	}

	@Override
	public synchronized void start() {
		if (this.context == null) {
			this.context = BenchApplications.run(SqsTasksApplication.class, this.properties, this.sqs, this.probe);
		}
		else {
			containers().start();
		}
	}

	/**
	 * Creates the application (and with it its queues) if it has not been created yet, leaving it stopped.
	 */
	public synchronized void prepare() {
		if (this.context == null) {
			start();
			stop();
		}
	}

	@Override
	public synchronized void stop() {
		if (this.context == null) {
			return;
		}
		try {
			containers().stop();
		}
		catch (RuntimeException ex) {
			// Spring Cloud AWS 4.1.0 can throw from stop() when its shutdown timeout runs out during a long poll;
			// the library then still counts itself running, so a second stop() is needed before it can start again
			this.stopFailures.add(ex.toString());
			logger.warn("sqs-tasks containers' stop failed, stopping again: {}", ex.toString());
			containers().stop();
		}
	}

	/**
	 * Returns the exceptions that stopping the containers threw.
	 * @return their descriptions, in order
	 */
	@Override
	public List<String> stopFailures() {
		return List.copyOf(this.stopFailures);
	}

	/**
	 * Returns the application's template; the context must have been started.
	 * @return the template
	 */
	public SqsTaskTemplate template() {
		return context().getBean(SqsTaskTemplate.class);
	}

	/**
	 * Closes the application context.
	 * @return how long closing took, in milliseconds
	 */
	public synchronized double closeContext() {
		long start = System.nanoTime();
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
		return (System.nanoTime() - start) / 1e6;
	}

	@Override
	public void close() {
		closeContext();
	}

	private QueueListeners containers() {
		return context().getBean(QueueListeners.class);
	}

	private ConfigurableApplicationContext context() {
		if (this.context == null) {
			throw new IllegalStateException("The sqs-tasks application has not been started");
		}
		return this.context;
	}

}
