package io.github.sqstasks.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Counts SQS requests by operation name: as an SDK execution interceptor on real clients, and through a proxy on
 * clients that are not built by the SDK (the in-memory SQS).
 */
public final class RequestCounter implements ExecutionInterceptor {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		record(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
	}

	/**
	 * Wraps a client so that every asynchronous request it serves is counted under its SQS operation name.
	 * @param target the client to count
	 * @return the counting client
	 */
	public SqsAsyncClient wrap(SqsAsyncClient target) {
		return (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
				new Class<?>[] { SqsAsyncClient.class }, (proxy, method, args) -> {
					if (CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
						String name = method.getName();
						record(Character.toUpperCase(name.charAt(0)) + name.substring(1));
					}
					try {
						return method.invoke(target, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/**
	 * Returns the counts so far.
	 * @return an immutable snapshot
	 */
	public Counts snapshot() {
		Map<String, Long> copy = new TreeMap<>();
		this.counts.forEach((name, count) -> copy.put(name, count.sum()));
		return new Counts(Map.copyOf(copy));
	}

	private void record(String operation) {
		this.counts.computeIfAbsent(operation, (key) -> new LongAdder()).increment();
	}

	/**
	 * Request counts by operation, grouped into the sends, receives and deletes of the task life cycle.
	 * @param byOperation count per SQS operation name
	 */
	public record Counts(Map<String, Long> byOperation) {

		/**
		 * Returns the requests made between an earlier snapshot and this one.
		 * @param earlier the earlier snapshot
		 * @return the difference
		 */
		public Counts minus(Counts earlier) {
			Map<String, Long> diff = new TreeMap<>();
			this.byOperation.forEach((name, count) -> {
				long delta = count - earlier.byOperation.getOrDefault(name, 0L);
				if (delta != 0) {
					diff.put(name, delta);
				}
			});
			return new Counts(Map.copyOf(diff));
		}

		public long sends() {
			return sum("SendMessage") + sum("SendMessageBatch");
		}

		public long receives() {
			return sum("ReceiveMessage");
		}

		public long deletes() {
			return sum("DeleteMessage") + sum("DeleteMessageBatch");
		}

		public long total() {
			return this.byOperation.values().stream().mapToLong(Long::longValue).sum();
		}

		public long other() {
			return total() - sends() - receives() - deletes();
		}

		private long sum(String operation) {
			return this.byOperation.getOrDefault(operation, 0L);
		}

	}

}
