package io.github.sqstasks.core;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Turns queue names as written in code into SQS queue names (with the configured prefix) and URLs, caching URLs.
 */
public class QueueResolver {

	private final SqsAsyncClient sqs;

	private final String prefix;

	private final Map<String, String> urls = new ConcurrentHashMap<>();

	/**
	 * Creates the resolver.
	 * @param sqs the client used to look URLs up
	 * @param prefix prepended to every queue name, may be empty
	 */
	public QueueResolver(SqsAsyncClient sqs, String prefix) {
		this.sqs = sqs;
		this.prefix = prefix;
	}

	/**
	 * Returns the SQS name of a queue.
	 * @param queue the name as written in code or configuration
	 * @return the prefixed name
	 */
	public String physicalName(String queue) {
		return this.prefix + queue;
	}

	/**
	 * Returns the URL of a queue, looking it up once.
	 * @param queue the name as written in code or configuration
	 * @return the queue URL
	 * @throws QueueNotFoundException when the queue does not exist
	 */
	public String url(String queue) {
		String url = this.urls.get(queue);
		if (url == null) {
			url = lookUp(queue);
			this.urls.put(queue, url);
		}
		return url;
	}

	/**
	 * Tells whether a queue is a FIFO queue, by its name.
	 * @param queue the name as written in code or configuration
	 * @return {@code true} for names ending in {@code .fifo}
	 */
	public boolean isFifo(String queue) {
		return queue.endsWith(".fifo");
	}

	/**
	 * Forgets a cached URL, for example after the queue was created.
	 * @param queue the name as written in code or configuration
	 */
	public void evict(String queue) {
		this.urls.remove(queue);
	}

	private String lookUp(String queue) {
		String name = physicalName(queue);
		try {
			return this.sqs.getQueueUrl((request) -> request.queueName(name)).join().queueUrl();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof QueueDoesNotExistException) {
				throw new QueueNotFoundException(queue, name, ex.getCause());
			}
			throw ex;
		}
	}

}
