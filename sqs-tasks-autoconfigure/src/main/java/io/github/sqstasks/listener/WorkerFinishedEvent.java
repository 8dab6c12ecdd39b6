package io.github.sqstasks.listener;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published when every queue's listener has stopped by its shutdown policy; the worker's work is done.
 */
public class WorkerFinishedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final List<String> queues;

	/**
	 * Creates the event.
	 * @param source the queue listeners
	 * @param queues the queues that were consumed
	 */
	public WorkerFinishedEvent(Object source, List<String> queues) {
		super(source);
		this.queues = List.copyOf(queues);
	}

	/**
	 * Returns the queues that were consumed.
	 * @return queue names without prefix
	 */
	public List<String> getQueues() {
		return this.queues;
	}

}
