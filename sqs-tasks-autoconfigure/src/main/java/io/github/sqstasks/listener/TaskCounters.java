package io.github.sqstasks.listener;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.github.sqstasks.core.TaskRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts, in this instance since it started, the outcomes of handled messages per queue and task.
 *
 * <p>Only task names registered for the queue become keys; every message for a task with no handler here is counted
 * under {@link TaskRegistry#UNKNOWN_TASK}, so producers cannot grow these counters (or the metrics fed from them)
 * by inventing names.
 */
public class TaskCounters {

	private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

	private final TaskRegistry registry;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the counters.
	 * @param registry the handlers, whose names are the only task names counted
	 */
	public TaskCounters(TaskRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Adds a listener told of every recorded outcome (for example to feed metrics).
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Records an outcome.
	 * @param queue the queue name without prefix
	 * @param task the task name the message carries, or {@code null} when it named none
	 * @param outcome what became of the message
	 */
	public void record(String queue, @Nullable String task, TaskOutcome outcome) {
		String name = this.registry.countedName(queue, task);
		this.counts.computeIfAbsent(new Key(queue, name, outcome), (key) -> new LongAdder()).increment();
		this.listeners.forEach((listener) -> listener.recorded(queue, name, outcome));
	}

	/**
	 * Returns a count.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param outcome the outcome
	 * @return how many messages had it
	 */
	public long count(String queue, String task, TaskOutcome outcome) {
		LongAdder adder = this.counts.get(new Key(queue, task, outcome));
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Returns the counts of one queue, by task and outcome.
	 * @param queue the queue name without prefix
	 * @return task name to outcome to count; only outcomes that happened
	 */
	public Map<String, Map<TaskOutcome, Long>> byTask(String queue) {
		Map<String, Map<TaskOutcome, Long>> result = new TreeMap<>();
		this.counts.forEach((key, adder) -> {
			if (key.queue().equals(queue)) {
				result.computeIfAbsent(key.task(), (task) -> new TreeMap<>()).put(key.outcome(), adder.sum());
			}
		});
		return result;
	}

	/**
	 * Told of every recorded outcome.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Called once per handled message.
		 * @param queue the queue name without prefix
		 * @param task a registered task name, or {@link TaskRegistry#UNKNOWN_TASK}
		 * @param outcome what became of it
		 */
		void recorded(String queue, String task, TaskOutcome outcome);

	}

	private record Key(String queue, String task, TaskOutcome outcome) {
	}

}
