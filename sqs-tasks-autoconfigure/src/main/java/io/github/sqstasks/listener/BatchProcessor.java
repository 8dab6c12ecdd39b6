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
			for (int i = 0; i < bound.size(); i++) {
				if (failure.getFailedIndexes().contains(i)) {
					outcome.failed(bound.get(i), failure);
				}
				else {
					outcome.succeeded(bound.get(i));
				}
			}
		}
		catch (Exception ex) {
			bound.forEach((message) -> outcome.failed(message, ex));
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
