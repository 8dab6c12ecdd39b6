package io.github.sqstasks.benchmarks;

import java.util.List;

/**
 * A consumer under test: something that receives from the benchmark queue and reports each message to the probe.
 */
public interface Consumer extends AutoCloseable {

	/** Starts receiving; returns once receiving has been started. */
	void start();

	/** Stops receiving; returns once the consumer has stopped, pending deletes flushed. */
	void stop();

	/**
	 * Returns what the consumer's stops threw (Spring Cloud AWS 4.1.0 can throw from a container's stop()).
	 * @return their descriptions, in order; empty by default
	 */
	default List<String> stopFailures() {
		return List.of();
	}

	/** Releases everything the consumer holds; the default stops it. */
	@Override
	default void close() {
		stop();
	}

}
