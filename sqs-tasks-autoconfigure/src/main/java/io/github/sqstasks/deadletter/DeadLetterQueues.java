package io.github.sqstasks.deadletter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.PoisonMessageException;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.listener.QueueSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Operations on the dead-letter queues of configured queues: depth, a look at the messages, replay or discard of one,
 * redrive of all back to the source queue, and processing in place with the source queue's handlers.
 */
public class DeadLetterQueues {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterQueues.class);

	private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);

	/** The most messages one {@link #peek} returns. */
	public static final int MAX_PEEK = 100;

	/** The most messages {@link #replay} and {@link #discard} receive while they look for one. */
	public static final int MAX_SEARCH = 1000;

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	private final Function<String, QueueSettings> settings;

	private final MessageDecoder decoder;

	private final TaskDispatcher dispatcher;

	private final MessageCopier copier;

	private final DeadLetterBrowser browser;

	/**
	 * Creates the operations.
	 * @param sqs the client
	 * @param queues resolves names and URLs
	 * @param settings the settings of a queue, naming its dead-letter queue
	 * @param decoder decodes messages for in-place processing
	 * @param dispatcher runs the source queue's handlers
	 */
	public DeadLetterQueues(SqsAsyncClient sqs, QueueResolver queues, Function<String, QueueSettings> settings,
			MessageDecoder decoder, TaskDispatcher dispatcher) {
		this.sqs = sqs;
		this.queues = queues;
		this.settings = settings;
		this.decoder = decoder;
		this.dispatcher = dispatcher;
		this.copier = new MessageCopier(sqs, queues);
		this.browser = new DeadLetterBrowser(sqs);
	}

	/**
	 * Returns the messages waiting in a queue's dead-letter queue without consuming them: afterwards they are still
	 * there and visible, in the order SQS keeps (none on a standard queue; group order on a FIFO queue, where only
	 * the first ten messages of each group can be seen).
	 *
	 * <p>SQS cannot read a message without receiving it, so a peek costs one {@code ReceiveMessage} per ten messages
	 * (plus one that finds no more), one {@code ChangeMessageVisibilityBatch} per ten messages to make them visible
	 * again at once, and it raises each peeked message's receive count by one. It never receives more than
	 * {@code max} messages, whatever the depth of the queue.
	 * @param queue the source queue, without prefix
	 * @param max the most messages to return, at least 1; values above {@value #MAX_PEEK} are taken as
	 * {@value #MAX_PEEK}
	 * @return the messages, at most {@code max}
	 */
	public List<DeadLetter> peek(String queue, int max) {
		if (max < 1) {
			throw new IllegalArgumentException("Cannot peek at " + max + " message(s) of the dead-letter queue of '"
					+ queue + "': max must be between 1 and " + MAX_PEEK);
		}
		String url = this.queues.url(deadLetterQueueOf(queue));
		return this.browser.peek(url, Math.min(max, MAX_PEEK))
			.stream()
			.map((message) -> deadLetter(queue, message))
			.toList();
	}

	/**
	 * Moves one message of a queue's dead-letter queue back to the queue: sends a copy without its failure reason
	 * (on a FIFO queue in its message group, with a deduplication id of its own so that it is never taken for an
	 * earlier copy), then deletes it from the dead-letter queue. Looks at up to {@value #MAX_SEARCH} messages to find
	 * it; the others stay visible, their receive count raised by one.
	 * @param queue the source queue, without prefix
	 * @param messageId the message's id in the dead-letter queue, as {@link #peek} returns it
	 * @return {@code true} when it was moved, {@code false} when it was not found
	 */
	public boolean replay(String queue, String messageId) {
		Found found = find(queue, messageId, "replay");
		if (found == null) {
			return false;
		}
		this.copier.send(found.message(), queue);
		delete(found.url(), found.message());
		logger.info("Replayed message {} from '{}' to '{}'", messageId, found.deadLetterQueue(), queue);
		return true;
	}

	/**
	 * Deletes one message of a queue's dead-letter queue. Looks at up to {@value #MAX_SEARCH} messages to find it;
	 * the others stay visible, their receive count raised by one.
	 * @param queue the source queue, without prefix
	 * @param messageId the message's id in the dead-letter queue, as {@link #peek} returns it
	 * @return {@code true} when it was deleted, {@code false} when it was not found
	 */
	public boolean discard(String queue, String messageId) {
		Found found = find(queue, messageId, "discard");
		if (found == null) {
			return false;
		}
		delete(found.url(), found.message());
		logger.info("Discarded message {} of '{}': {}", messageId, found.deadLetterQueue(),
				LogSafe.text(found.message().body()));
		return true;
	}

	private void delete(String url, Message message) {
		this.sqs.deleteMessage((r) -> r.queueUrl(url).receiptHandle(message.receiptHandle())).join();
	}

	private @Nullable Found find(String queue, String messageId, String action) {
		String deadLetterQueue = deadLetterQueueOf(queue);
		String url = this.queues.url(deadLetterQueue);
		Message message = this.browser.find(url, messageId, MAX_SEARCH);
		if (message == null) {
			logger.info("Cannot {} message {}: not among the first {} message(s) visible in '{}'", action,
					LogSafe.name(messageId), MAX_SEARCH, deadLetterQueue);
			return null;
		}
		return new Found(deadLetterQueue, url, message);
	}

	private record Found(String deadLetterQueue, String url, Message message) {
	}

	private DeadLetter deadLetter(String queue, Message message) {
		TaskMessage decoded;
		try {
			decoded = this.decoder.decode(queue, message);
		}
		catch (PoisonMessageException ex) {
			// A context that is not a JSON object is no reason to hide the message from the one looking at it.
			decoded = this.decoder.decode(queue,
					message.toBuilder().messageAttributes(withoutContext(message)).build());
		}
		MessageAttributeValue reason = message.messageAttributes().get(WireFormat.FAILURE_REASON);
		TaskContext context = decoded.context();
		return new DeadLetter(message.messageId(), decoded.taskName(), decoded.body(), context.asMap(),
				(reason != null) ? reason.stringValue() : null, decoded.receiveCount(), decoded.sentAt());
	}

	private static Map<String, MessageAttributeValue> withoutContext(Message message) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(
				message.messageAttributes());
		attributes.remove(WireFormat.JOB_CONTEXT);
		return attributes;
	}

	/**
	 * Returns the approximate number of messages waiting in a queue's dead-letter queue.
	 * @param queue the source queue, without prefix
	 * @return the visible messages of its dead-letter queue
	 */
	public long depth(String queue) {
		return visibleMessages(this.queues.url(deadLetterQueueOf(queue)));
	}

	/**
	 * Moves every message of a queue's dead-letter queue back to the queue, with {@code StartMessageMoveTask} where
	 * the broker supports it, by re-sending otherwise. Waits until the move is done.
	 * @param queue the source queue, without prefix
	 * @return what was moved
	 */
	public RedriveResult redrive(String queue) {
		String deadLetterQueue = deadLetterQueueOf(queue);
		try {
			long moved = moveWithBroker(queue, deadLetterQueue);
			logger.info("Redrove {} message(s) from '{}' to '{}' with StartMessageMoveTask", moved, deadLetterQueue,
					queue);
			return new RedriveResult(queue, deadLetterQueue, moved, "StartMessageMoveTask");
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof SqsException) && !(ex.getCause() instanceof UnsupportedOperationException)) {
				throw ex;
			}
			logger.info("StartMessageMoveTask unavailable for '{}' ({}); re-sending messages instead", deadLetterQueue,
					ex.getCause().getMessage());
		}
		long moved = this.copier.moveAll(deadLetterQueue, queue);
		logger.info("Redrove {} message(s) from '{}' to '{}' by re-sending", moved, deadLetterQueue, queue);
		return new RedriveResult(queue, deadLetterQueue, moved, "resend");
	}

	/**
	 * Runs the source queue's handlers on the messages of its dead-letter queue, in this thread, each message at most
	 * once: those that succeed are deleted, those that fail stay (and become visible again within a minute). Ends
	 * when a receive brings no message it has not tried, or after as many messages as the queue held at the start
	 * plus 100, even when failed messages become visible again during a long call.
	 * @param queue the source queue, without prefix
	 * @return how many succeeded and failed
	 */
	public InPlaceResult processInPlace(String queue) {
		String deadLetterQueue = deadLetterQueueOf(queue);
		String url = this.queues.url(deadLetterQueue);
		InPlacePass pass = new InPlacePass(this.sqs, this.copier, url, visibleMessages(url),
				(message) -> runHandler(queue, message));
		return pass.run(queue, deadLetterQueue);
	}

	private boolean runHandler(String queue, Message message) {
		try {
			this.dispatcher.dispatch(this.decoder.decode(queue, message));
			return true;
		}
		catch (Exception ex) {
			logger.warn("Dead-lettered message {} of queue '{}' failed again in place: {}", message.messageId(), queue,
					LogSafe.text(ex.toString()));
			return false;
		}
	}

	private long moveWithBroker(String queue, String deadLetterQueue) {
		String sourceArn = this.copier.arn(deadLetterQueue);
		String destinationArn = this.copier.arn(queue);
		String handle = this.sqs.startMessageMoveTask((r) -> r.sourceArn(sourceArn).destinationArn(destinationArn))
			.join()
			.taskHandle();
		long deadline = System.nanoTime() + MOVE_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			ListMessageMoveTasksResultEntry task = this.sqs
				.listMessageMoveTasks((r) -> r.sourceArn(sourceArn).maxResults(10))
				.join()
				.results()
				.stream()
				.filter((entry) -> handle.equals(entry.taskHandle()) || entry.taskHandle() == null)
				.findFirst()
				.orElse(null);
			if (task != null && !"RUNNING".equals(task.status())) {
				if (!"COMPLETED".equals(task.status())) {
					throw new IllegalStateException("Redrive of '" + deadLetterQueue + "' ended " + task.status() + ": "
							+ task.failureReason());
				}
				return (task.approximateNumberOfMessagesMoved() != null) ? task.approximateNumberOfMessagesMoved() : 0;
			}
			sleep();
		}
		throw new IllegalStateException("Redrive of '" + deadLetterQueue + "' did not finish within " + MOVE_TIMEOUT);
	}

	private long visibleMessages(String url) {
		return Long.parseLong(this.sqs
			.getQueueAttributes((r) -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	private String deadLetterQueueOf(String queue) {
		String deadLetterQueue = this.settings.apply(queue).deadLetterQueue();
		if (deadLetterQueue == null) {
			throw new IllegalArgumentException("Queue '" + queue + "' has no dead-letter queue; set sqs-tasks.queues."
					+ queue + ".dead-letter-queue");
		}
		return deadLetterQueue;
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a redrive", ex);
		}
	}

}
