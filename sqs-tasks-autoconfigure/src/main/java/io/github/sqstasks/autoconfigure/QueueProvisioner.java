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
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

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

	private Function<String, Map<QueueAttributeName, String>> attributes = (queue) -> Map.of();

	QueueProvisioner(SqsAsyncClient sqs, QueueResolver queues, Function<String, QueueSettings> settings,
			java.util.function.Supplier<Set<String>> queueNames, boolean create) {
		this.sqs = sqs;
		this.queues = queues;
		this.settings = settings;
		this.queueNames = queueNames;
		this.create = create;
	}

	/**
	 * Sets the SQS attributes each queue is created with (its {@code attributes} key), and compared with on an
	 * existing queue.
	 * @param attributes the attributes of a queue, by name without prefix
	 */
	void setAttributes(Function<String, Map<QueueAttributeName, String>> attributes) {
		this.attributes = attributes;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String queue : new LinkedHashSet<>(this.queueNames.get())) {
			provision(queue);
		}
	}

	/**
	 * Creates a queue, or checks that it exists, as for the queues found at start-up; for a queue registered later,
	 * such as sqs-tasks' own tick queue.
	 * @param queue the queue name without prefix
	 */
	void provision(String queue) {
		if (this.create) {
			create(queue);
		}
		else {
			verify(queue);
		}
	}

	private void verify(String queue) {
		String url = this.queues.url(queue);
		QueueSettings queueSettings = this.settings.apply(queue);
		String expectedArn = null;
		if (queueSettings.deadLetterQueue() != null) {
			String deadLetterUrl = this.queues.url(queueSettings.deadLetterQueue());
			expectedArn = attribute(deadLetterUrl, QueueAttributeName.QUEUE_ARN);
			reportDifferences(queueSettings.deadLetterQueue(), deadLetterUrl);
		}
		reportDifferences(queue, url);
		String actual = attribute(url, QueueAttributeName.REDRIVE_POLICY);
		RedrivePolicy policy = RedrivePolicy.parse(actual);
		String mismatch = RedrivePolicy.mismatch(policy, expectedArn, queueSettings);
		if (mismatch != null) {
			logger.warn("Queue '{}' (sqs-tasks queue '{}'): {}. The broker's RedrivePolicy is what SQS applies; fix "
					+ "the queue or sqs-tasks.queues.{}.dead-letter-queue / max-receive-count.",
					this.queues.physicalName(queue), queue, mismatch, queue);
		}
	}

	private String attribute(String url, QueueAttributeName name) {
		return this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(name))
			.join()
			.attributes()
			.get(name);
	}

	private void create(String queue) {
		QueueSettings queueSettings = this.settings.apply(queue);
		Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(configured(queue));
		String deadLetterQueue = queueSettings.deadLetterQueue();
		if (deadLetterQueue != null) {
			String deadLetterUrl = createQueue(deadLetterQueue, configured(deadLetterQueue));
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
			// A broker may answer an existing queue's URL without comparing attributes (ElasticMQ does).
			reportDifferences(queue, url);
			return url;
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof QueueNameExistsException)) {
				throw new IllegalStateException("Could not create SQS queue '" + name + "' (sqs-tasks queue '" + queue
						+ "'): " + ex.getCause().getMessage(), ex.getCause());
			}
			// It exists with other attributes: bring the one we manage (the redrive policy) up to date; those of its
			// 'attributes' key are only reported, since they apply to a queue sqs-tasks creates.
			this.queues.evict(queue);
			String url = this.queues.url(queue);
			Map<QueueAttributeName, String> changes = new java.util.HashMap<>();
			if (attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
				changes.put(QueueAttributeName.REDRIVE_POLICY, attributes.get(QueueAttributeName.REDRIVE_POLICY));
				this.sqs.setQueueAttributes((request) -> request.queueUrl(url).attributes(changes)).join();
			}
			logger.info("sqs-tasks queue '{}' exists; updated {}", name, changes.keySet());
			reportDifferences(queue, url);
			return url;
		}
	}

	private Map<QueueAttributeName, String> configured(String queue) {
		Map<QueueAttributeName, String> attributes = new java.util.LinkedHashMap<>(this.attributes.apply(queue));
		if (queue.endsWith(".fifo")) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		return attributes;
	}

	/**
	 * Warns about each configured attribute whose value on the broker differs: sqs-tasks sets them only on a queue it
	 * creates, and changing a live queue's retention or encryption behind its owner's back is not its call.
	 */
	private void reportDifferences(String queue, String url) {
		Map<QueueAttributeName, String> expected = this.attributes.apply(queue);
		if (expected.isEmpty()) {
			return;
		}
		Map<QueueAttributeName, String> actual = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(expected.keySet()))
			.join()
			.attributes();
		expected.forEach((name, value) -> {
			if (!QueueAttributes.same(value, actual.get(name))) {
				logger.warn("SQS queue '{}' (sqs-tasks queue '{}') has {} '{}', configured '{}' (sqs-tasks.queues.{}"
						+ ".attributes or sqs-tasks.defaults.attributes). sqs-tasks sets attributes only on queues it "
						+ "creates: change the queue (SetQueueAttributes) or the configuration.",
						this.queues.physicalName(queue), queue, name, actual.getOrDefault(name, "(not reported by the broker)"), value, queue);
			}
		});
	}

}
