package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.sqstasks.actuate.SqsTasksEndpointException.Kind;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.deadletter.DeadLetter;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.deadletter.RedriveResult;
import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.internal.QueueProbe;
import io.github.sqstasks.queues.TaskQueues;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code sqstasks} actuator endpoint: every queue with its handlers, message counts, dead-letter queue and this
 * instance's counters, and the messages of a queue's dead-letter queue on {@code /{queue}/dead-letters?max=N}; purge
 * and redrive as write operations on {@code /{queue}/purge} and {@code /{queue}/redrive}, replay and discard of one
 * dead letter on {@code /{queue}/dead-letters/{messageId}/replay} and {@code .../discard}, and a wait until queues
 * are empty on {@code /await-empty}, available only with {@code management.endpoint.sqstasks.access=unrestricted}.
 */
// Read-only by default: purge and redrive delete or move messages, so an application that merely exposes the
// endpoint to look at its queues should not also hand them to whoever reaches the management port.
@Endpoint(id = "sqstasks", defaultAccess = Access.READ_ONLY)
public class SqsTasksEndpoint {

	/** The action that deletes every message of a queue (or of a dead-letter queue). */
	public static final String PURGE = "purge";

	/** The action that moves a queue's dead-lettered messages back to it. */
	public static final String REDRIVE = "redrive";

	/** The path segment after a queue's name under which its dead letters are listed and acted on. */
	public static final String DEAD_LETTERS = "dead-letters";

	/** The action that moves one dead letter back to its queue. */
	public static final String REPLAY = "replay";

	/** The action that deletes one dead letter. */
	public static final String DISCARD = "discard";

	/** The action that waits until queues are empty. */
	public static final String AWAIT_EMPTY = "await-empty";

	/** How long {@value #AWAIT_EMPTY} waits when the request does not say. */
	public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(30);

	/** The longest {@value #AWAIT_EMPTY} waits: an HTTP request is held for it. */
	public static final Duration MAX_AWAIT_TIMEOUT = Duration.ofMinutes(15);

	/** How many dead letters a listing returns when the request does not say. */
	public static final int DEFAULT_MAX_DEAD_LETTERS = 20;

	private static final Logger logger = LoggerFactory.getLogger(SqsTasksEndpoint.class);

	private final KnownQueues known;

	private final QueueReporter reporter;

	private final QueueProbe probe;

	private final SqsAsyncClient sqs;

	private final QueueResolver resolver;

	private final DeadLetterQueues deadLetters;

	private final Duration timeout;

	private @Nullable TaskQueues taskQueues;

	SqsTasksEndpoint(KnownQueues known, QueueReporter reporter, QueueProbe probe, SqsAsyncClient sqs,
			QueueResolver resolver, DeadLetterQueues deadLetters, Duration timeout) {
		this.known = known;
		this.reporter = reporter;
		this.probe = probe;
		this.sqs = sqs;
		this.resolver = resolver;
		this.deadLetters = deadLetters;
		this.timeout = timeout;
	}

	void setTaskQueues(TaskQueues taskQueues) {
		this.taskQueues = taskQueues;
	}

	/**
	 * Reports every queue: those with handlers and those configured under {@code sqs-tasks.queues}.
	 * @return the report
	 */
	@ReadOperation
	public SqsTasksReport queues() {
		return this.reporter.all();
	}

	/**
	 * Reports one queue.
	 * @param queue the queue name without prefix
	 * @return the report
	 * @throws SqsTasksEndpointException when the queue is unknown
	 */
	@ReadOperation
	public QueueReport queue(@Selector String queue) {
		requireKnown(queue);
		return this.reporter.one(queue);
	}

	/**
	 * Runs an action on a queue: {@value #PURGE} or {@value #REDRIVE}.
	 * @param queue the queue name without prefix; for a purge also a dead-letter queue's
	 * @param action {@value #PURGE} or {@value #REDRIVE}
	 * @return a {@link PurgeResult} or a {@link RedriveResult}
	 * @throws SqsTasksEndpointException when the queue or action is unknown, or SQS refuses
	 */
	@WriteOperation
	public Object operate(@Selector String queue, @Selector String action) {
		switch (action) {
			case PURGE:
				return purge(queue);
			case REDRIVE:
				return redrive(queue);
			default:
				throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Unknown action '" + action
						+ "' for queue '" + queue + "': use '" + PURGE + "' or '" + REDRIVE + "', as in POST "
						+ "/actuator/sqstasks/" + queue + "/" + PURGE);
		}
	}

	/**
	 * Waits until queues are empty ({@value #AWAIT_EMPTY}): visible, in-flight and delayed messages all 0, for deploy
	 * scripts and drains.
	 * @param action {@value #AWAIT_EMPTY}
	 * @param timeout the longest wait, 0s to {@link #MAX_AWAIT_TIMEOUT}; {@link #DEFAULT_AWAIT_TIMEOUT} when unset
	 * @param queues the queues, without prefix; every known queue (dead-letter queues aside) when unset
	 * @return whether they were empty, with each queue's last counts
	 * @throws SqsTasksEndpointException when the action or a queue is unknown, the timeout out of range, or SQS
	 * refuses
	 */
	@WriteOperation
	public EmptyQueuesReport awaitEmpty(@Selector String action, @Nullable Duration timeout,
			@Nullable List<String> queues) {
		if (!AWAIT_EMPTY.equals(action) || this.taskQueues == null) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, action, "Unknown action '" + action + "': use '"
					+ AWAIT_EMPTY + "', as in POST /actuator/sqstasks/" + AWAIT_EMPTY + "?timeout=5m&queues=emails");
		}
		Duration wait = (timeout != null) ? timeout : DEFAULT_AWAIT_TIMEOUT;
		if (wait.isNegative() || wait.compareTo(MAX_AWAIT_TIMEOUT) > 0) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, action, "Cannot wait " + wait + " for empty "
					+ "queues: timeout must be 0s to " + MAX_AWAIT_TIMEOUT.toMinutes() + "m, as in ?timeout=5m");
		}
		List<String> names = (queues != null && !queues.isEmpty()) ? List.copyOf(queues) : this.known.queues();
		for (String queue : names) {
			requireKnown(queue);
		}
		try {
			return EmptyQueuesReport.of(this.taskQueues.awaitEmpty(names, wait));
		}
		catch (RuntimeException ex) {
			throw new SqsTasksEndpointException(Kind.BROKER_ERROR, String.join(",", names), "Cannot read the "
					+ "message counts of " + names + ": " + this.probe.describe(String.join(", ", names), ex));
		}
	}

	/**
	 * Deletes every message of a queue or of a dead-letter queue; SQS finishes within about a minute.
	 * @param queue the queue name without prefix
	 * @return the counts just before the purge
	 * @throws SqsTasksEndpointException when the queue is unknown or SQS refuses
	 */
	public PurgeResult purge(String queue) {
		if (!this.known.contains(queue) && this.known.sourceOf(queue) == null) {
			throw unknownQueue(queue);
		}
		QueueProbe.Result before = this.probe.probe(queue).join();
		MessageCounts counts = QueueReporter.messages(before.counts());
		if (counts == null) {
			throw new SqsTasksEndpointException(Kind.BROKER_ERROR, queue,
					"Cannot purge queue '" + queue + "': " + before.error());
		}
		logger.info("Purging SQS queue '{}' ({} message(s)) as requested through the sqstasks endpoint", before.name(),
				counts.total());
		try {
			String url = this.resolver.url(queue);
			this.sqs.purgeQueue((request) -> request.queueUrl(url))
				.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.join();
		}
		catch (RuntimeException ex) {
			throw new SqsTasksEndpointException(Kind.BROKER_ERROR, queue,
					"Cannot purge queue '" + queue + "': " + this.probe.describe(before.name(), ex));
		}
		return new PurgeResult(queue, before.name(), counts);
	}

	/**
	 * Moves every message of a queue's dead-letter queue back to the queue and waits until they are moved.
	 * @param queue the queue name without prefix
	 * @return what was moved
	 * @throws SqsTasksEndpointException when the queue is unknown, has no dead-letter queue, or SQS refuses
	 */
	public RedriveResult redrive(String queue) {
		requireKnown(queue);
		String deadLetterQueue = this.known.deadLetterQueue(queue);
		if (deadLetterQueue == null) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Queue '" + queue + "' has no dead-letter "
					+ "queue to redrive: set sqs-tasks.queues." + queue + ".dead-letter-queue");
		}
		logger.info("Redriving dead-letter queue '{}' to '{}' as requested through the sqstasks endpoint",
				deadLetterQueue, queue);
		try {
			return this.deadLetters.redrive(queue);
		}
		catch (RuntimeException ex) {
			throw new SqsTasksEndpointException(Kind.BROKER_ERROR, queue, "Cannot redrive dead-letter queue '"
					+ deadLetterQueue + "' to queue '" + queue + "': "
					+ this.probe.describe(this.resolver.physicalName(deadLetterQueue), ex));
		}
	}

	/**
	 * Lists the messages waiting in a queue's dead-letter queue without consuming them (see
	 * {@link DeadLetterQueues#peek}: each listed message's receive count goes up by one).
	 * @param queue the queue name without prefix
	 * @param view {@value #DEAD_LETTERS}
	 * @param max the most messages to list, 1 to {@value DeadLetterQueues#MAX_PEEK};
	 * {@value #DEFAULT_MAX_DEAD_LETTERS} when unset
	 * @return the messages
	 * @throws SqsTasksEndpointException when the queue or view is unknown, max is out of range, or SQS refuses
	 */
	@ReadOperation
	public DeadLettersReport deadLetters(@Selector String queue, @Selector String view, @Nullable Integer max) {
		String deadLetterQueue = requireDeadLetterQueue(queue, view);
		int limit = (max != null) ? max : DEFAULT_MAX_DEAD_LETTERS;
		if (limit < 1 || limit > DeadLetterQueues.MAX_PEEK) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Cannot list " + limit + " dead "
					+ "letter(s) of queue '" + queue + "': max must be between 1 and " + DeadLetterQueues.MAX_PEEK
					+ ", as in GET /actuator/sqstasks/" + queue + "/" + DEAD_LETTERS + "?max=" + DEFAULT_MAX_DEAD_LETTERS);
		}
		try {
			List<DeadLetter> messages = this.deadLetters.peek(queue, limit);
			return new DeadLettersReport(queue, deadLetterQueue, messages);
		}
		catch (RuntimeException ex) {
			throw brokerError("Cannot list the messages of dead-letter queue '" + deadLetterQueue + "'", queue,
					deadLetterQueue, ex);
		}
	}

	/**
	 * Replays or discards one message of a queue's dead-letter queue.
	 * @param queue the queue name without prefix
	 * @param view {@value #DEAD_LETTERS}
	 * @param messageId the message's id in the dead-letter queue, as listed
	 * @param action {@value #REPLAY} or {@value #DISCARD}
	 * @return what was done
	 * @throws SqsTasksEndpointException when the queue, view, action or message is unknown, or SQS refuses
	 */
	@WriteOperation
	public DeadLetterActionResult deadLetter(@Selector String queue, @Selector String view,
			@Selector String messageId, @Selector String action) {
		String deadLetterQueue = requireDeadLetterQueue(queue, view);
		if (!REPLAY.equals(action) && !DISCARD.equals(action)) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Unknown action '" + action
					+ "' for dead letter " + messageId + " of queue '" + queue + "': use '" + REPLAY + "' or '"
					+ DISCARD + "', as in POST /actuator/sqstasks/" + queue + "/" + DEAD_LETTERS + "/" + messageId
					+ "/" + REPLAY);
		}
		logger.info("{} message {} of dead-letter queue '{}' as requested through the sqstasks endpoint",
				REPLAY.equals(action) ? "Replaying" : "Discarding", LogSafe.name(messageId), deadLetterQueue);
		boolean found;
		try {
			found = REPLAY.equals(action) ? this.deadLetters.replay(queue, messageId)
					: this.deadLetters.discard(queue, messageId);
		}
		catch (RuntimeException ex) {
			throw brokerError("Cannot " + action + " message " + messageId + " of dead-letter queue '"
					+ deadLetterQueue + "'", queue, deadLetterQueue, ex);
		}
		if (!found) {
			throw new SqsTasksEndpointException(Kind.UNKNOWN_MESSAGE, queue, "No message " + messageId
					+ " in dead-letter queue '" + deadLetterQueue + "' among the first " + DeadLetterQueues.MAX_SEARCH
					+ " visible ones: it may have been replayed or discarded already; list them with GET "
					+ "/actuator/sqstasks/" + queue + "/" + DEAD_LETTERS);
		}
		return new DeadLetterActionResult(queue, deadLetterQueue, messageId, action);
	}

	private String requireDeadLetterQueue(String queue, String view) {
		requireKnown(queue);
		if (!DEAD_LETTERS.equals(view)) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Unknown path '" + view + "' under queue '"
					+ queue + "': use '" + DEAD_LETTERS + "', as in /actuator/sqstasks/" + queue + "/" + DEAD_LETTERS);
		}
		String deadLetterQueue = this.known.deadLetterQueue(queue);
		if (deadLetterQueue == null) {
			throw new SqsTasksEndpointException(Kind.INVALID_REQUEST, queue, "Queue '" + queue + "' has no dead-letter "
					+ "queue: set sqs-tasks.queues." + queue + ".dead-letter-queue");
		}
		return deadLetterQueue;
	}

	private SqsTasksEndpointException brokerError(String what, String queue, String deadLetterQueue,
			RuntimeException ex) {
		return new SqsTasksEndpointException(Kind.BROKER_ERROR, queue,
				what + ": " + this.probe.describe(this.resolver.physicalName(deadLetterQueue), ex));
	}

	private void requireKnown(String queue) {
		if (!this.known.contains(queue)) {
			throw unknownQueue(queue);
		}
	}

	private SqsTasksEndpointException unknownQueue(String queue) {
		String prefix = this.resolver.physicalName("");
		String hint = (!prefix.isEmpty() && queue.startsWith(prefix)) ? " Leave out the prefix '" + prefix + "'." : "";
		return new SqsTasksEndpointException(Kind.UNKNOWN_QUEUE, queue, "Unknown sqs-tasks queue '" + queue
				+ "': it has no handler in this application and is not configured under sqs-tasks.queues. Known queues: "
				+ String.join(", ", this.known.queues()) + "." + hint);
	}

}
