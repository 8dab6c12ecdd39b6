package io.github.sqstasks.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The queues of one in-memory SQS, found by name, URL or ARN.
 */
final class QueueRegistry {

	static final String URL_PREFIX = "http://sqs.in-memory.local/000000000000/";

	static final String ARN_PREFIX = "arn:aws:sqs:us-east-1:000000000000:";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

	private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>();

	private final Map<String, MemoryQueue> byArn = new ConcurrentHashMap<>();

	private final QueueEnvironment environment;

	QueueRegistry(Clock clock, boolean realTime, ScheduledExecutorService scheduler, Executor completions) {
		this.environment = new QueueEnvironment(clock, realTime, scheduler, completions, this.byArn::get);
	}

	QueueEnvironment environment() {
		return this.environment;
	}

	/** Creates a queue, or returns the existing one when every given attribute matches its current value. */
	synchronized MemoryQueue create(@Nullable String name, Map<String, String> attributes) {
		if (name == null || name.isEmpty()) {
			throw SqsErrors.missingParameter("QueueName");
		}
		boolean fifo = name.endsWith(".fifo");
		String base = fifo ? name.substring(0, name.length() - 5) : name;
		if (!NAME.matcher(base).matches() || name.length() > 80) {
			throw SqsErrors.invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. "
					+ "1 to 80 in length (queue name " + name + ").");
		}
		Map<String, String> rest = new HashMap<>(attributes);
		String fifoAttribute = rest.remove("FifoQueue");
		if (fifoAttribute != null && Boolean.parseBoolean(fifoAttribute) != fifo) {
			throw SqsErrors.invalidParameter("The name of a FIFO queue can only include alphanumeric characters, "
					+ "hyphens, or underscores, must end with .fifo suffix (queue name " + name + ").");
		}
		MemoryQueue existing = this.queues.get(name);
		if (existing != null) {
			checkSameAttributes(existing, rest);
			return existing;
		}
		QueueSettings settings = QueueSettings.defaults(fifo).with(rest);
		checkDeadLetterTarget(settings, fifo);
		MemoryQueue queue = new MemoryQueue(name, URL_PREFIX + name, ARN_PREFIX + name, settings, this.environment);
		this.queues.put(name, queue);
		this.byArn.put(queue.arn, queue);
		return queue;
	}

	private static void checkSameAttributes(MemoryQueue existing, Map<String, String> attributes) {
		QueueSettings current = existing.settings();
		QueueSettings requested = current.with(attributes);
		if (!requested.values().equals(current.values())) {
			throw SqsErrors.queueNameExists(existing.name);
		}
	}

	void checkDeadLetterTarget(QueueSettings settings, boolean fifo) {
		RedrivePolicy redrive = settings.redrivePolicy();
		if (redrive == null) {
			return;
		}
		MemoryQueue target = this.byArn.get(redrive.deadLetterTargetArn());
		if (target == null) {
			throw SqsErrors.invalidParameter("Value " + redrive.toJson() + " for parameter RedrivePolicy is invalid. "
					+ "Reason: Dead-letter target does not exist.");
		}
		if (target.settings().fifo() != fifo) {
			throw SqsErrors.invalidParameter("Value " + redrive.toJson() + " for parameter RedrivePolicy is invalid. "
					+ "Reason: Dead-letter queue must be same type of queue as the source.");
		}
	}

	/** Finds a queue by URL (any host: only the last path segment counts) or by bare name. */
	MemoryQueue get(@Nullable String queueUrl) {
		if (queueUrl == null || queueUrl.isEmpty()) {
			throw SqsErrors.missingParameter("QueueUrl");
		}
		MemoryQueue queue = this.queues.get(nameOf(queueUrl));
		if (queue == null) {
			throw SqsErrors.queueDoesNotExist(queueUrl);
		}
		return queue;
	}

	MemoryQueue getByName(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			throw SqsErrors.missingParameter("QueueName");
		}
		MemoryQueue queue = this.queues.get(name);
		if (queue == null) {
			throw SqsErrors.queueDoesNotExist(name);
		}
		return queue;
	}

	@Nullable MemoryQueue byArn(String arn) {
		return this.byArn.get(arn);
	}

	MemoryQueue requireArn(@Nullable String arn, String parameter) {
		MemoryQueue queue = arn == null ? null : this.byArn.get(arn);
		if (queue == null) {
			throw SqsErrors.resourceNotFound("Value " + arn + " for parameter " + parameter
					+ " is invalid. Reason: the queue does not exist.");
		}
		return queue;
	}

	synchronized void delete(MemoryQueue queue) {
		this.queues.remove(queue.name, queue);
		this.byArn.remove(queue.arn, queue);
		queue.longPolls().endAll();
	}

	List<MemoryQueue> list(@Nullable String prefix) {
		List<MemoryQueue> matching = new ArrayList<>();
		for (MemoryQueue queue : this.queues.values()) {
			if (prefix == null || queue.name.startsWith(prefix)) {
				matching.add(queue);
			}
		}
		matching.sort((a, b) -> a.name.compareTo(b.name));
		return matching;
	}

	/** The queues whose redrive policy names the given queue as their dead-letter queue. */
	List<MemoryQueue> deadLetterSources(MemoryQueue deadLetterQueue) {
		List<MemoryQueue> sources = new ArrayList<>();
		for (MemoryQueue queue : list(null)) {
			RedrivePolicy redrive = queue.settings().redrivePolicy();
			if (redrive != null && redrive.deadLetterTargetArn().equals(deadLetterQueue.arn)) {
				sources.add(queue);
			}
		}
		return sources;
	}

	static String nameOf(String queueUrl) {
		int slash = queueUrl.lastIndexOf('/');
		return slash < 0 ? queueUrl : queueUrl.substring(slash + 1);
	}

}
