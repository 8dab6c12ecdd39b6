package io.github.sqstasks.benchmarks;

/**
 * The run's parameters, read from system properties ({@code -Dbench.n=...}).
 *
 * @param messages messages per drain round ({@code bench.n})
 * @param warmups drain rounds run before the measured ones, not counted ({@code bench.warmups})
 * @param rounds measured rounds after the warm-up ({@code bench.rounds})
 * @param rate tasks per second at the steady load ({@code bench.rate})
 * @param sendBatch tasks per send request at the steady load ({@code bench.sendBatch})
 * @param steadySeconds how long the steady load runs ({@code bench.steadySeconds})
 * @param idleSeconds how long an idle consumer is watched ({@code bench.idleSeconds})
 * @param enqueueMessages jobs per enqueue round ({@code bench.enqueueN})
 * @param variants whether to also run the tuned variants ({@code bench.variants})
 * @param ioTasks tasks per I/O-bound row ({@code bench.ioN})
 * @param cpuTasks tasks per CPU round on the in-memory SQS ({@code bench.cpuN})
 * @param queues queues of the many-queues application ({@code bench.queues})
 * @param burst messages on each of the ten burst queues ({@code bench.burst})
 * @param curveSeconds how long each point of the cost curve runs ({@code bench.curveSeconds})
 * @param largeMessages 256 KiB messages per round ({@code bench.largeN})
 * @param otherJdk a Java 21+ JDK for the virtual-thread row when this JVM is older ({@code bench.jdk21}), or empty
 */
public record Settings(int messages, int warmups, int rounds, int rate, int sendBatch, int steadySeconds,
		int idleSeconds, int enqueueMessages, boolean variants, int ioTasks, int cpuTasks, int queues, int burst,
		int curveSeconds, int largeMessages, String otherJdk) {

	/**
	 * Reads the settings, with the documented defaults.
	 * @return the settings
	 */
	public static Settings fromSystemProperties() {
		return new Settings(Integer.getInteger("bench.n", 20_000), Integer.getInteger("bench.warmups", 3),
				Integer.getInteger("bench.rounds", 5), Integer.getInteger("bench.rate", 50),
				Integer.getInteger("bench.sendBatch", 10), Integer.getInteger("bench.steadySeconds", 20),
				Integer.getInteger("bench.idleSeconds", 60), Integer.getInteger("bench.enqueueN", 2_000),
				Boolean.parseBoolean(System.getProperty("bench.variants", "true")),
				Integer.getInteger("bench.ioN", 20_000), Integer.getInteger("bench.cpuN", 200_000),
				Integer.getInteger("bench.queues", 100), Integer.getInteger("bench.burst", 1_000),
				Integer.getInteger("bench.curveSeconds", 20), Integer.getInteger("bench.largeN", 400),
				System.getProperty("bench.jdk21", "/usr/lib/jvm/temurin-25-jdk-amd64"));
	}

	/**
	 * Returns these settings with another steady load.
	 * @param loadRate tasks per second
	 * @param loadSendBatch tasks per send request
	 * @param loadSeconds how long the load runs
	 * @return the changed settings
	 */
	public Settings withLoad(int loadRate, int loadSendBatch, int loadSeconds) {
		return new Settings(this.messages, this.warmups, this.rounds, loadRate, loadSendBatch, loadSeconds,
				this.idleSeconds, this.enqueueMessages, this.variants, this.ioTasks, this.cpuTasks, this.queues,
				this.burst, this.curveSeconds, this.largeMessages, this.otherJdk);
	}

}
