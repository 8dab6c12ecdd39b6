package io.github.sqstasks.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run the queues' handlers: per queue a pool of {@code concurrency} threads (the dispatch stage never
 * hands over more), or, with virtual threads, one per message.
 *
 * <p>A queue's pool lives from the listener's first start until it is closed, as Spring's own
 * {@code ThreadPoolTaskExecutor} does across a context's stop and start: a restart reuses the threads instead of
 * creating {@code concurrency} new ones on the dispatch path (about 150 ms for 1,000 on this project's 2-core machine,
 * during which a restarted listener with a backlog ran at a fifth of its rate). Idle threads still end after the pool's
 * keep-alive, 60 s. A stop whose handlers overran the shutdown timeout ends that queue's pool (interrupting them).
 */
final class HandlerThreads {

	private final Map<String, ThreadPoolTaskExecutor> pools = new LinkedHashMap<>();

	private final List<SimpleAsyncTaskExecutor> virtual = new ArrayList<>();

	private boolean virtualThreads;

	void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	synchronized Executor forQueue(QueueSettings queue) {
		String prefix = "sqs-tasks-" + queue.queue() + "-";
		if (this.virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
			executor.setVirtualThreads(true);
			this.virtual.add(executor);
			return executor;
		}
		ThreadPoolTaskExecutor pool = this.pools.get(queue.queue());
		if (pool != null) {
			// the concurrency may have changed since the last start; max first when growing, core first when shrinking
			if (queue.concurrency() > pool.getMaxPoolSize()) {
				pool.setMaxPoolSize(queue.concurrency());
				pool.setCorePoolSize(queue.concurrency());
			}
			else {
				pool.setCorePoolSize(queue.concurrency());
				pool.setMaxPoolSize(queue.concurrency());
			}
			return pool;
		}
		pool = new ThreadPoolTaskExecutor();
		pool.setCorePoolSize(queue.concurrency());
		pool.setMaxPoolSize(queue.concurrency());
		pool.setAllowCoreThreadTimeOut(true);
		pool.setThreadNamePrefix(prefix);
		pool.afterPropertiesSet();
		this.pools.put(queue.queue(), pool);
		return pool;
	}

	/**
	 * After a stop: ends the virtual-thread executors, and the pools of the queues whose handlers are still running
	 * past the shutdown timeout; the other pools stay, idle, for the next start.
	 * @param overran the queues (names without prefix) whose handlers did not finish in time
	 */
	synchronized void stopped(Collection<String> overran) {
		this.virtual.forEach(SimpleAsyncTaskExecutor::close);
		this.virtual.clear();
		for (String queue : overran) {
			ThreadPoolTaskExecutor pool = this.pools.remove(queue);
			if (pool != null) {
				pool.shutdown();
			}
		}
	}

	/** Ends every queue's threads: the listener is closed. */
	synchronized void close() {
		stopped(List.of());
		this.pools.values().forEach(ThreadPoolTaskExecutor::shutdown);
		this.pools.clear();
	}

}
