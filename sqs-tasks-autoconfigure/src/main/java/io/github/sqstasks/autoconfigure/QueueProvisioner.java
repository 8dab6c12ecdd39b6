package io.github.sqstasks.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.listener.QueueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * At start-up, after every handler is registered: checks that the queues this application consumes (and those it
 * configures) exist, or creates them with their dead-letter queues and redrive policies when asked to.
 */
final class QueueProvisioner implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(QueueProvisioner.class);

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	private final Function<String, QueueSettings> settings;

	private final java.util.function.Supplier<Set<String>> queueNames;

	private final boolean create;

	QueueProvisioner(SqsAsyncClient sqs, QueueResolver queues, Function<String, QueueSettings> settings,
			java.util.function.Supplier<Set<String>> queueNames, boolean create) {
		this.sqs = sqs;
		this.queues = queues;
		this.settings = settings;
		this.queueNames = queueNames;
		this.create = create;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String queue : new LinkedHashSet<>(this.queueNames.get())) {
			if (this.create) {
				create(queue);
			}
			else {
				this.queues.url(queue);
				String deadLetterQueue = this.settings.apply(queue).deadLetterQueue();
				if (deadLetterQueue != null) {
					this.queues.url(deadLetterQueue);
				}
			}
		}
	}

	private void create(String queue) {
		QueueSettings queueSettings = this.settings.apply(queue);
		Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(fifoAttributes(queue));
		String deadLetterQueue = queueSettings.deadLetterQueue();
		if (deadLetterQueue != null) {
			String deadLetterUrl = createQueue(deadLetterQueue, fifoAttributes(deadLetterQueue));
			String arn = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				.join()
				.attributes()
				.get(QueueAttributeName.QUEUE_ARN);
			attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn
					+ "\",\"maxReceiveCount\":\"" + queueSettings.maxReceiveCount() + "\"}");
		}
		createQueue(queue, attributes);
	}

	private String createQueue(String queue, Map<QueueAttributeName, String> attributes) {
		String name = this.queues.physicalName(queue);
		try {
			String url = this.sqs.createQueue((request) -> request.queueName(name).attributes(attributes))
				.join()
				.queueUrl();
			this.queues.evict(queue);
			logger.info("sqs-tasks queue '{}' is ready at {}", name, url);
			return url;
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Could not create SQS queue '" + name + "' (sqs-tasks queue '" + queue
					+ "'): " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	private static Map<QueueAttributeName, String> fifoAttributes(String queue) {
		return queue.endsWith(".fifo") ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
	}

}
