package io.github.sqstasks.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * All handlers of this application, keyed by queue and task name.
 *
 * <p>A raw queue has exactly one handler and no named tasks. Registering a second handler for the same (queue, task)
 * fails with a message naming both methods.
 */
public class TaskRegistry {

	/**
	 * The task name that counters, metric tags and reports use for every message whose task has no handler here (or
	 * that names none): producers choose names freely, so only registered names may become keys.
	 */
	public static final String UNKNOWN_TASK = "?";

	private final Map<String, Map<String, TaskDefinition>> byQueue = new ConcurrentHashMap<>();

	/**
	 * Adds a handler.
	 * @param definition the handler
	 * @throws TaskDefinitionException when the (queue, task) already has a handler, or raw and named handlers mix
	 */
	public synchronized void register(TaskDefinition definition) {
		Map<String, TaskDefinition> tasks = this.byQueue.computeIfAbsent(definition.queue(),
				(queue) -> new LinkedHashMap<>());
		TaskDefinition existing = tasks.get(definition.name());
		if (existing != null) {
			throw new TaskDefinitionException("Two handlers for task '" + definition.name() + "' on queue '"
					+ definition.queue() + "': " + existing.describeMethod() + " and " + definition.describeMethod()
					+ ". Give one of them another name or queue.");
		}
		TaskDefinition other = tasks.isEmpty() ? null : tasks.values().iterator().next();
		if (other != null && (other.raw() || definition.raw())) {
			throw new TaskDefinitionException("Queue '" + definition.queue() + "' has a @SqsRawTask handler, which must "
					+ "be its only handler: " + other.describeMethod() + " and " + definition.describeMethod());
		}
		tasks.put(definition.name(), definition);
	}

	/**
	 * Returns the handler of a task.
	 * @param queue the queue name without prefix
	 * @param taskName the task name
	 * @return the handler, or {@code null}
	 */
	public @Nullable TaskDefinition find(String queue, String taskName) {
		Map<String, TaskDefinition> tasks = this.byQueue.get(queue);
		return (tasks != null) ? tasks.get(taskName) : null;
	}

	/**
	 * Returns the name under which an outcome of a message is counted: the registered task's name, the raw handler's
	 * name on a raw queue, else {@link #UNKNOWN_TASK}. Bounded by the handlers registered, whatever producers send.
	 * @param queue the queue name without prefix
	 * @param taskName the task name the message carries, if any
	 * @return a registered name or {@link #UNKNOWN_TASK}
	 */
	public String countedName(String queue, @Nullable String taskName) {
		TaskDefinition raw = findRaw(queue);
		if (raw != null) {
			return raw.name();
		}
		TaskDefinition definition = (taskName != null) ? find(queue, taskName) : null;
		return (definition != null) ? definition.name() : UNKNOWN_TASK;
	}

	/**
	 * Returns the raw handler of a queue.
	 * @param queue the queue name without prefix
	 * @return the handler, or {@code null} when the queue is not raw
	 */
	public @Nullable TaskDefinition findRaw(String queue) {
		Map<String, TaskDefinition> tasks = this.byQueue.get(queue);
		if (tasks == null || tasks.size() != 1) {
			return null;
		}
		TaskDefinition only = tasks.values().iterator().next();
		return only.raw() ? only : null;
	}

	/**
	 * Returns the names of the queues that have handlers.
	 * @return the queue names without prefix
	 */
	public Set<String> queues() {
		return Set.copyOf(this.byQueue.keySet());
	}

	/**
	 * Returns the handlers of a queue.
	 * @param queue the queue name without prefix
	 * @return the handlers, empty when none
	 */
	public synchronized List<TaskDefinition> definitions(String queue) {
		Map<String, TaskDefinition> tasks = this.byQueue.get(queue);
		return (tasks != null) ? List.copyOf(tasks.values()) : List.of();
	}

	/**
	 * Tells whether a queue has a batch handler, so that its container receives messages in batches.
	 * @param queue the queue name without prefix
	 * @return {@code true} when one of its handlers is a batch handler
	 */
	public boolean hasBatchHandler(String queue) {
		return definitions(queue).stream().anyMatch(TaskDefinition::isBatch);
	}

	/**
	 * Returns every handler.
	 * @return all handlers
	 */
	public synchronized List<TaskDefinition> all() {
		return this.byQueue.values().stream().map(Map::values).flatMap(Collection::stream).toList();
	}

}
