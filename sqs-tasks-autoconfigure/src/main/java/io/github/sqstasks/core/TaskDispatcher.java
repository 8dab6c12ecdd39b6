package io.github.sqstasks.core;

import io.github.sqstasks.TaskMessage;

/**
 * Finds the handler of a received message and invokes it; a message no handler can take is a
 * {@link TaskMessageException} naming what is wrong: retried when a deploy may bring its handler (unknown task, no
 * {@code JobName}), poison when nothing can (a {@code ContentType} other than {@code json}, {@code pickle} and
 * {@code pickle_compat}).
 */
public final class TaskDispatcher {

	private final TaskRegistry registry;

	private final TaskInvoker invoker;

	/**
	 * Creates the dispatcher.
	 * @param registry the handlers
	 * @param invoker invokes them
	 */
	public TaskDispatcher(TaskRegistry registry, TaskInvoker invoker) {
		this.registry = registry;
		this.invoker = invoker;
	}

	/**
	 * Runs the handler of a message.
	 * @param message the message
	 * @throws Exception what the handler throws, or a TaskMessageException for a message no handler can take
	 */
	public void dispatch(TaskMessage message) throws Exception {
		this.invoker.invoke(handlerOf(message), message);
	}

	/**
	 * Finds the handler of a message.
	 * @param message the message
	 * @return the handler
	 * @throws TaskMessageException when no handler can take it
	 */
	public TaskDefinition handlerOf(TaskMessage message) {
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
		if (!TaskCodec.reads(contentType)) {
			throw new PoisonMessageException("Message " + message.messageId() + " for task '" + LogSafe.name(task)
					+ "' on queue '" + message.queue() + "' has " + WireFormat.CONTENT_TYPE + " '"
					+ LogSafe.name(contentType) + "'; only 'json', 'pickle' and 'pickle_compat' are supported.");
		}
		TaskDefinition definition = this.registry.find(message.queue(), task);
		if (definition == null) {
			throw new TaskMessageException("Message " + message.messageId() + " on queue '" + message.queue()
					+ "' is for task '" + LogSafe.name(task) + "', which has no handler here; handlers of this queue: "
					+ this.registry.definitions(message.queue()).stream().map(TaskDefinition::name).toList());
		}
		return definition;
	}

}
