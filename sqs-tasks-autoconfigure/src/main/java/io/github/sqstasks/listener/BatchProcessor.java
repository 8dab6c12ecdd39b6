package io.github.sqstasks.listener;

import java.util.ArrayList;
import java.util.List;

import io.github.sqstasks.BatchFailure;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskInvoker;

/**
 * Runs one batch handler on the messages of its task received together: each message that binds becomes an element;
 * one that does not fails on its own. If the handler throws, every element fails, except that a
 * {@link BatchFailure} fails only the elements it names.
 */
final class BatchProcessor {

	private final TaskInvoker invoker;

	BatchProcessor(TaskInvoker invoker) {
		this.invoker = invoker;
	}

	/**
	 * Processes a batch.
	 * @param definition the batch handler
	 * @param messages the decoded messages of its task, in receive order
	 * @param outcome told which messages succeeded and which failed with what
	 */
	void process(TaskDefinition definition, List<TaskMessage> messages, Outcome outcome) {
		List<Object> items = new ArrayList<>();
		List<TaskMessage> bound = new ArrayList<>();
		for (TaskMessage message : messages) {
			try {
				items.add(this.invoker.bindBatchItem(definition, message));
				bound.add(message);
			}
			catch (RuntimeException ex) {
				outcome.failed(message, ex);
			}
		}
		if (items.isEmpty()) {
			return;
		}
		try {
			this.invoker.invokeBatch(definition, List.copyOf(items), List.copyOf(bound));
			bound.forEach(outcome::succeeded);
		}
		catch (BatchFailure failure) {
			partial(definition, bound, failure, outcome);
		}
		catch (VirtualMachineError error) {
			bound.forEach((message) -> outcome.failed(message, error));
			throw error;
		}
		catch (Exception | Error ex) {
			// An Error (an assertion, a linkage error) must resolve the batch too, or its messages stay invisible.
			bound.forEach((message) -> outcome.failed(message, ex));
		}
	}

	/**
	 * Fails the items a {@link BatchFailure} names and deletes the others; an index outside the batch means the
	 * handler lost track of its items, so the whole batch fails rather than deleting items that may have failed.
	 */
	private static void partial(TaskDefinition definition, List<TaskMessage> bound, BatchFailure failure,
			Outcome outcome) {
		List<Integer> outside = failure.getFailedIndexes().stream().filter((i) -> i < 0 || i >= bound.size()).toList();
		if (!outside.isEmpty()) {
			IllegalStateException error = new IllegalStateException("Batch handler of task '" + definition.name()
					+ "' on queue '" + definition.queue() + "' threw a BatchFailure naming items " + outside
					+ " of a batch of " + bound.size() + " (indexes 0 to " + (bound.size() - 1)
					+ "); every item of the batch is retried", failure);
			bound.forEach((message) -> outcome.failed(message, error));
			return;
		}
		for (int i = 0; i < bound.size(); i++) {
			if (failure.getFailedIndexes().contains(i)) {
				outcome.failed(bound.get(i), failure);
			}
			else {
				outcome.succeeded(bound.get(i));
			}
		}
	}

	/**
	 * Receives the outcome of each message of a batch.
	 */
	interface Outcome {

		void succeeded(TaskMessage message);

		void failed(TaskMessage message, Throwable error);

	}

}
