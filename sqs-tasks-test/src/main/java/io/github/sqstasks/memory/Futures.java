package io.github.sqstasks.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs an operation and hands back its outcome the way the SDK's asynchronous client does.
 */
final class Futures {

	private Futures() {
	}

	static <T> CompletableFuture<T> call(boolean closed, Supplier<T> operation) {
		if (closed) {
			return CompletableFuture.failedFuture(
					new CompletionException(new IllegalStateException("The in-memory SQS client is closed")));
		}
		try {
			return CompletableFuture.completedFuture(operation.get());
		}
		catch (RuntimeException ex) {
			// The SDK's own futures fail with a CompletionException around the service exception.
			return CompletableFuture.failedFuture(new CompletionException(ex));
		}
	}

	static <T> CompletableFuture<T> unsupported(String operation) {
		return CompletableFuture.failedFuture(new CompletionException(new UnsupportedOperationException(
				"The in-memory SQS does not implement the " + operation + " operation")));
	}

	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
