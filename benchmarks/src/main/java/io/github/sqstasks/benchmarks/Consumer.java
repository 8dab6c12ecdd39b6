package io.github.sqstasks.benchmarks;

/**
 * A consumer under test: something that receives from the benchmark queue and reports each message to the probe.
 */
public interface Consumer extends AutoCloseable {

	/** Starts receiving; returns once receiving has been started. */
	void start();

	/** Stops receiving; returns once the consumer has stopped, pending deletes flushed. */
	void stop();

	/** Releases everything the consumer holds; the default stops it. */
	@Override
	default void close() {
		stop();
	}

}
