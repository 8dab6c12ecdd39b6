package io.github.sqstasks.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run the queues' handlers: per queue a pool of {@code concurrency} threads (the dispatch stage never
 * hands over more), or, with virtual threads, one per message.
 */
final class HandlerThreads {

	private final List<Runnable> shutdowns = new ArrayList<>();

	private boolean virtualThreads;

	void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	synchronized Executor forQueue(QueueSettings queue) {
		String prefix = "sqs-tasks-" + queue.queue() + "-";
		if (this.virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
			executor.setVirtualThreads(true);
			this.shutdowns.add(executor::close);
			return executor;
		}
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(queue.concurrency());
		executor.setMaxPoolSize(queue.concurrency());
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadNamePrefix(prefix);
		executor.afterPropertiesSet();
		this.shutdowns.add(executor::shutdown);
		return executor;
	}

	/** Shuts down every queue's threads (after the handlers in flight finished or the timeout passed). */
	synchronized void shutdown() {
		this.shutdowns.forEach(Runnable::run);
		this.shutdowns.clear();
	}

}
