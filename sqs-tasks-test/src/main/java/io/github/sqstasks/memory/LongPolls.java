package io.github.sqstasks.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The receives waiting on one queue: each is served as soon as a message becomes receivable and ends empty once
 * its wait time has passed, in real time or on the queue's clock, whichever comes first.
 */
final class LongPolls {

	private final MemoryQueue queue;

	private final QueueEnvironment environment;

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private @Nullable ScheduledFuture<?> wakeUp;

	private long wakeUpAt = Long.MAX_VALUE;

	LongPolls(MemoryQueue queue, QueueEnvironment environment) {
		this.queue = queue;
		this.environment = environment;
	}

	/** Registers a waiting receive; call with the queue's monitor held. */
	CompletableFuture<List<Message>> register(ReceiveParams params) {
		Waiter waiter = new Waiter(params, new CompletableFuture<>(),
				this.queue.now() + params.waitSeconds() * 1000L);
		this.waiters.addLast(waiter);
		waiter.timeout = this.environment.scheduler()
			.schedule(() -> expire(waiter), params.waitSeconds(), TimeUnit.SECONDS);
		scheduleWakeUp(this.queue.now());
		return waiter.future;
	}

	/** Gives receivable messages to waiting receives, and ends those whose wait is over on the queue's clock. */
	void serve() {
		List<Runnable> completions = new ArrayList<>();
		List<StoredMessage> deadLetters = new ArrayList<>();
		synchronized (this.queue) {
			if (this.waiters.isEmpty()) {
				return;
			}
			long now = this.queue.now();
			while (!this.waiters.isEmpty()) {
				Waiter waiter = this.waiters.peekFirst();
				if (waiter.future.isDone()) {
					this.waiters.pollFirst();
					continue;
				}
				List<Message> messages = this.queue.take(waiter.params, deadLetters);
				if (messages.isEmpty()) {
					break;
				}
				this.waiters.pollFirst();
				completions.add(finish(waiter, messages));
			}
			expireByClock(now, completions);
			scheduleWakeUp(now);
		}
		this.queue.forwardDeadLetters(deadLetters);
		completions.forEach(this.environment.completions()::execute);
	}

	private void expireByClock(long now, List<Runnable> completions) {
		Iterator<Waiter> each = this.waiters.iterator();
		while (each.hasNext()) {
			Waiter waiter = each.next();
			if (now >= waiter.deadline || waiter.future.isDone()) {
				each.remove();
				completions.add(finish(waiter, List.of()));
			}
		}
	}

	private void expire(Waiter waiter) {
		boolean removed;
		synchronized (this.queue) {
			removed = this.waiters.remove(waiter);
		}
		if (removed) {
			waiter.future.complete(List.of());
		}
	}

	/** Ends every waiting receive empty, as a closing client does. */
	void endAll() {
		List<Runnable> completions = new ArrayList<>();
		synchronized (this.queue) {
			while (!this.waiters.isEmpty()) {
				completions.add(finish(this.waiters.pollFirst(), List.of()));
			}
		}
		completions.forEach(Runnable::run);
	}

	private static Runnable finish(Waiter waiter, List<Message> messages) {
		ScheduledFuture<?> timeout = waiter.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
		return () -> waiter.future.complete(messages);
	}

	/** With a real-time clock, wakes the waiters when the next delayed or in-flight message becomes visible. */
	private void scheduleWakeUp(long now) {
		if (!this.environment.realTime() || this.waiters.isEmpty()) {
			return;
		}
		long next = this.queue.order().nextVisibleAt(now);
		boolean pending = this.wakeUp != null && !this.wakeUp.isDone() && this.wakeUpAt > now;
		if (next == Long.MAX_VALUE || (pending && this.wakeUpAt <= next)) {
			return;
		}
		if (this.wakeUp != null) {
			this.wakeUp.cancel(false);
		}
		this.wakeUpAt = next;
		this.wakeUp = this.environment.scheduler().schedule(this::serve, next - now, TimeUnit.MILLISECONDS);
	}

	private static final class Waiter {

		final ReceiveParams params;

		final CompletableFuture<List<Message>> future;

		final long deadline;

		@Nullable ScheduledFuture<?> timeout;

		Waiter(ReceiveParams params, CompletableFuture<List<Message>> future, long deadline) {
			this.params = params;
			this.future = future;
			this.deadline = deadline;
		}

	}

}
