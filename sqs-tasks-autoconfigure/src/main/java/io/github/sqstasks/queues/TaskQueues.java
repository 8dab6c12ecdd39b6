package io.github.sqstasks.queues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.sqstasks.core.ClockWait;
import io.github.sqstasks.core.QueueNotFoundException;
import io.github.sqstasks.core.QueueResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The application's queues as a whole: wait until they are empty (deploy scripts, drains, tests) and delete one that
 * the application configures (tests, tear-down scripts).
 */
public class TaskQueues {

	/** How often a wait for empty queues asks SQS for their counts. */
	public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(TaskQueues.class);

	private final SqsAsyncClient sqs;

	private final QueueResolver resolver;

	private final Supplier<Set<String>> own;

	private final Clock clock;

	/**
	 * Creates the operations.
	 * @param sqs the client
	 * @param resolver resolves queue names, with the prefix
	 * @param own the queues this application configures, without prefix: those with handlers, those under
	 * {@code sqs-tasks.queues}, their dead-letter queues and sqs-tasks' own
	 * @param clock the time source of waits and their timeouts
	 */
	public TaskQueues(SqsAsyncClient sqs, QueueResolver resolver, Supplier<Set<String>> own, Clock clock) {
		this.sqs = sqs;
		this.resolver = resolver;
		this.own = own;
		this.clock = clock;
	}

	/**
	 * Returns the queues this application configures.
	 * @return their names without prefix, sorted
	 */
	public Set<String> queues() {
		return new TreeSet<>(this.own.get());
	}

	/**
	 * Waits until every given queue is empty: visible, in-flight and delayed messages all 0 in two readings
	 * {@link #POLL_INTERVAL} apart (SQS's counts are approximate), or until the timeout passes. An interrupt ends the
	 * wait early, as not empty, with the thread's interrupt flag set.
	 * @param queues the queue names without prefix
	 * @param timeout the longest wait; 0 reads the counts once
	 * @return whether they were empty, with each queue's last counts
	 * @throws QueueNotFoundException when a queue does not exist
	 */
	public EmptyWait awaitEmpty(Collection<String> queues, Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("The timeout of a wait for empty queues must not be negative: " + timeout);
		}
		List<String> names = List.copyOf(new java.util.LinkedHashSet<>(queues));
		ClockWait wait = new ClockWait(this.clock, Duration.ofMillis(100));
		Instant start = this.clock.instant();
		Instant deadline = start.plus(timeout);
		boolean emptyBefore = false;
		while (true) {
			Map<String, QueueCounts> counts = counts(names);
			boolean empty = counts.values().stream().allMatch((count) -> count.total() == 0);
			Instant now = this.clock.instant();
			if (empty && (emptyBefore || timeout.isZero())) {
				return new EmptyWait(true, Duration.between(start, now), counts);
			}
			if (!now.isBefore(deadline)) {
				return new EmptyWait(false, Duration.between(start, now), counts);
			}
			emptyBefore = empty;
			try {
				Instant next = now.plus(POLL_INTERVAL);
				wait.until(next.isBefore(deadline) ? next : deadline);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new EmptyWait(false, Duration.between(start, this.clock.instant()), counts);
			}
		}
	}

	/**
	 * Deletes a queue this application configures, with its messages; its dead-letter queue stays (delete it by its
	 * own name). SQS needs 60 seconds before a queue of the same name can be created again, and a listener still
	 * consuming the queue logs errors until it stops.
	 * @param queue the queue name without prefix
	 * @return {@code true} when it was deleted, {@code false} when it did not exist
	 * @throws IllegalArgumentException when the application does not configure the queue
	 */
	public boolean delete(String queue) {
		Set<String> own = queues();
		if (!own.contains(queue)) {
			throw new IllegalArgumentException("Refusing to delete queue '" + queue + "': it is not one of this "
					+ "application's queues (with a handler, under sqs-tasks.queues, or their dead-letter queues): "
					+ own + ". Delete other queues with the AWS console or CLI.");
		}
		String url;
		try {
			this.resolver.evict(queue);
			url = this.resolver.url(queue);
		}
		catch (QueueNotFoundException ex) {
			return false;
		}
		try {
			this.sqs.deleteQueue((request) -> request.queueUrl(url)).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof QueueDoesNotExistException) {
				return false;
			}
			throw ex;
		}
		finally {
			this.resolver.evict(queue);
		}
		logger.info("Deleted SQS queue '{}' (sqs-tasks queue '{}')", this.resolver.physicalName(queue), queue);
		return true;
	}

	private Map<String, QueueCounts> counts(List<String> queues) {
		Map<String, CompletableFuture<Map<QueueAttributeName, String>>> requests = new LinkedHashMap<>();
		for (String queue : queues) {
			String url = this.resolver.url(queue);
			requests.put(queue, this.sqs.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
				.thenApply((response) -> response.attributes()));
		}
		Map<String, QueueCounts> counts = new LinkedHashMap<>();
		requests.forEach((queue, request) -> {
			Map<QueueAttributeName, String> attributes = request.join();
			counts.put(queue, new QueueCounts(count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
					count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
					count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
		});
		return counts;
	}

	private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
		String value = attributes.get(name);
		return (value != null) ? Long.parseLong(value) : 0;
	}

}
