package io.github.sqstasks.listener;

import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskMessageException;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;

/**
 * Finds the handler of a received message and invokes it; a message no handler can take is a
 * {@link TaskMessageException} naming what is wrong.
 */
final class TaskDispatcher {

	private final TaskRegistry registry;

	private final TaskInvoker invoker;

	TaskDispatcher(TaskRegistry registry, TaskInvoker invoker) {
		this.registry = registry;
		this.invoker = invoker;
	}

	void dispatch(TaskMessage message) throws Exception {
		this.invoker.invoke(handlerOf(message), message);
	}

	TaskDefinition handlerOf(TaskMessage message) {
		TaskDefinition raw = this.registry.findRaw(message.queue());
		if (raw != null) {
			return raw;
		}
		String task = message.taskName();
		if (task == null) {
			throw new TaskMessageException("Message " + message.messageId() + " on queue '" + message.queue()
					+ "' has no " + WireFormat.JOB_NAME + " attribute, so no task can be chosen. Send jobs with "
					+ "SqsTaskTemplate.addJob, or declare the queue's handler with @SqsRawTask.");
		}
		String contentType = message.attributes().get(WireFormat.CONTENT_TYPE);
		if (contentType != null && !contentType.equals(WireFormat.JSON)) {
			throw new TaskMessageException("Message " + message.messageId() + " for task '" + task + "' on queue '"
					+ message.queue() + "' has " + WireFormat.CONTENT_TYPE + " '" + contentType
					+ "'; only 'json' is supported.");
		}
		TaskDefinition definition = this.registry.find(message.queue(), task);
		if (definition == null) {
			throw new TaskMessageException("Message " + message.messageId() + " on queue '" + message.queue()
					+ "' is for task '" + task + "', which has no handler here; handlers of this queue: "
					+ this.registry.definitions(message.queue()).stream().map(TaskDefinition::name).toList());
		}
		return definition;
	}

}
