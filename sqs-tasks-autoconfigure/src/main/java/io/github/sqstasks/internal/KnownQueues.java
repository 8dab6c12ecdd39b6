package io.github.sqstasks.internal;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import io.github.sqstasks.autoconfigure.SqsTasksProperties;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.listener.QueueSettings;
import org.jspecify.annotations.Nullable;

/**
 * The queues this application knows: those with handlers and those configured under {@code sqs-tasks.queues}, with
 * their dead-letter queues.
 */
public final class KnownQueues {

	private final TaskRegistry registry;

	private final SqsTasksProperties properties;

	private final Function<String, QueueSettings> settings;

	/**
	 * Creates the view of the application's queues.
	 * @param registry the handlers
	 * @param properties the configured queues
	 * @param settings each queue's settings, by name without prefix
	 */
	public KnownQueues(TaskRegistry registry, SqsTasksProperties properties, Function<String, QueueSettings> settings) {
		this.registry = registry;
		this.properties = properties;
		this.settings = settings;
	}

	/**
	 * Returns the known queues, sorted, without their dead-letter queues.
	 * @return names without prefix
	 */
	public List<String> queues() {
		TreeSet<String> names = new TreeSet<>(this.registry.queues());
		names.addAll(this.properties.getQueues().keySet());
		return List.copyOf(names);
	}

	/**
	 * Returns the handlers of a queue in this application.
	 * @param queue the queue name without prefix
	 * @return its handlers, empty for a queue that is only configured
	 */
	public List<TaskDefinition> handlers(String queue) {
		return this.registry.definitions(queue);
	}

	/**
	 * Tells whether the application knows the queue (not counting dead-letter queues).
	 * @param queue the queue name without prefix
	 * @return whether it has a handler or is configured
	 */
	public boolean contains(String queue) {
		return queues().contains(queue);
	}

	/**
	 * Returns the dead-letter queue of a queue.
	 * @param queue the queue name without prefix
	 * @return the dead-letter queue's name without prefix, or {@code null} when it has none
	 */
	public @Nullable String deadLetterQueue(String queue) {
		return this.settings.apply(queue).deadLetterQueue();
	}

	/**
	 * Returns the queue whose dead-letter queue has this name.
	 * @param deadLetterQueue the dead-letter queue's name without prefix
	 * @return the queue, or {@code null} when none has it as dead-letter queue
	 */
	public @Nullable String sourceOf(String deadLetterQueue) {
		for (String queue : queues()) {
			if (deadLetterQueue.equals(deadLetterQueue(queue))) {
				return queue;
			}
		}
		return null;
	}

	/**
	 * Returns the known queues and their dead-letter queues, sorted.
	 * @return names without prefix
	 */
	public List<String> queuesAndDeadLetterQueues() {
		TreeSet<String> names = new TreeSet<>();
		for (String queue : queues()) {
			names.add(queue);
			String deadLetterQueue = deadLetterQueue(queue);
			if (deadLetterQueue != null) {
				names.add(deadLetterQueue);
			}
		}
		return List.copyOf(names);
	}

}
