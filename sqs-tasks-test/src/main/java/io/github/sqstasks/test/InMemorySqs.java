package io.github.sqstasks.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.sqstasks.core.LocalSqsBroker;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.listener.QueueSettings;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;
import io.github.sqstasks.memory.MessageState;
import io.github.sqstasks.memory.QueuedMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The in-memory SQS of a test, seen through sqs-tasks: what was enqueued on each queue (task, arguments, context,
 * delay), dead-letter queues, processing until the queues are idle, and a clock the test moves.
 */
public class InMemorySqs implements LocalSqsBroker {

	private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
	};

	private final InMemorySqsAsyncClient client;

	private final ManualClock clock;

	private final ObjectProvider<QueueResolver> queues;

	private final ObjectProvider<TaskCodec> codec;

	private final ObjectProvider<TaskListenerContainers> containers;

	private final ObjectProvider<java.util.function.Function<String, QueueSettings>> settings;

	InMemorySqs(InMemorySqsAsyncClient client, ManualClock clock, ObjectProvider<QueueResolver> queues,
			ObjectProvider<TaskCodec> codec, ObjectProvider<TaskListenerContainers> containers,
			ObjectProvider<java.util.function.Function<String, QueueSettings>> settings) {
		this.client = client;
		this.clock = clock;
		this.queues = queues;
		this.codec = codec;
		this.containers = containers;
		this.settings = settings;
	}

	/**
	 * Returns the SQS client the application uses.
	 * @return the in-memory client
	 */
	public InMemorySqsAsyncClient client() {
		return this.client;
	}

	/**
	 * Returns the clock of the in-memory SQS and of sqs-tasks (delays, visibility, backoff, long delays).
	 * @return the clock the test moves
	 */
	public ManualClock clock() {
		return this.clock;
	}

	/**
	 * Moves the clock forward: delayed messages and messages waiting for a retry become visible when their time has
	 * come, and waiting receives wake up.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.clock.advance(duration);
	}

	/**
	 * Returns the jobs on a queue (visible, in flight and delayed), oldest first.
	 * @param queue the queue name without prefix
	 * @return the decoded jobs
	 */
	public List<EnqueuedTask> enqueued(String queue) {
		return this.client.messages(resolver().physicalName(queue)).stream().map(this::decode).toList();
	}

	/**
	 * Returns the jobs of one task on a queue.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @return the decoded jobs
	 */
	public List<EnqueuedTask> enqueued(String queue, String task) {
		return enqueued(queue).stream().filter((job) -> task.equals(job.taskName())).toList();
	}

	/**
	 * Returns the messages of a queue's configured dead-letter queue.
	 * @param queue the source queue's name without prefix
	 * @return the decoded messages, with their {@code FailureReason} attribute when the library moved them
	 */
	public List<EnqueuedTask> deadLetters(String queue) {
		String deadLetterQueue = this.settings.getObject().apply(queue).deadLetterQueue();
		if (deadLetterQueue == null) {
			throw new IllegalArgumentException("Queue '" + queue + "' has no dead-letter queue configured");
		}
		return enqueued(deadLetterQueue);
	}

	/**
	 * Waits (at most 30 s of real time) until the listener has nothing left to do now: no visible message on the
	 * queues it consumes and no received message unfinished. Delayed messages and retries wait for the clock.
	 */
	public void processUntilIdle() {
		processUntilIdle(Duration.ofSeconds(30));
	}

	/**
	 * Waits until the listener has nothing left to do now.
	 * @param timeout the longest real time to wait
	 * @throws AssertionError when the queues are still busy after the timeout
	 */
	public void processUntilIdle(Duration timeout) {
		new IdleWait(this.client, resolver(), this.containers.getObject()).await(timeout);
	}

	/**
	 * Deletes every message of every queue; the queues stay.
	 */
	public void clear() {
		this.client.queueUrls().forEach(this.client::clear);
	}

	private QueueResolver resolver() {
		return this.queues.getObject();
	}

	private EnqueuedTask decode(QueuedMessage message) {
		Map<String, String> attributes = new LinkedHashMap<>(message.messageAttributes());
		String taskName = attributes.get(WireFormat.JOB_NAME);
		String contentType = attributes.get(WireFormat.CONTENT_TYPE);
		return new EnqueuedTask(message.messageId(), taskName, arguments(taskName, message.body(), contentType),
				message.body(), context(attributes.get(WireFormat.JOB_CONTEXT), contentType), message.state(),
				message.visibleAt(),
				message.receiveCount(), message.groupId(), Map.copyOf(attributes));
	}

	private Map<String, Object> arguments(@Nullable String taskName, String body, @Nullable String contentType) {
		if (taskName == null) {
			return Map.of();
		}
		try {
			TaskCodec codec = this.codec.getObject();
			boolean pickle = WireFormat.PICKLE.equals(contentType) || WireFormat.PICKLE_COMPAT.equals(contentType);
			Map<String, Object> arguments = pickle
					? codec.objectMapper().convertValue(codec.decodeArguments(body, contentType), ARGUMENTS)
					: codec.objectMapper().readValue(body, ARGUMENTS);
			return (arguments != null) ? arguments : Map.of();
		}
		catch (Exception ex) {
			return Map.of();
		}
	}

	private Map<String, String> context(@Nullable String json, @Nullable String contentType) {
		if (json == null) {
			return Map.of();
		}
		try {
			return MessageDecoder.withoutReservedKeys(this.codec.getObject().decodeContext(json, contentType)).asMap();
		}
		catch (IllegalArgumentException ex) {
			return Map.of();
		}
	}

	static boolean busy(QueuedMessage message) {
		return message.state() == MessageState.VISIBLE;
	}

}
