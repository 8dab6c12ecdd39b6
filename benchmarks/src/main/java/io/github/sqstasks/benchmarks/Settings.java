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
 */
public record Settings(int messages, int warmups, int rounds, int rate, int sendBatch, int steadySeconds, int idleSeconds, int enqueueMessages,
		boolean variants) {

	/**
	 * Reads the settings, with the documented defaults.
	 * @return the settings
	 */
	public static Settings fromSystemProperties() {
		return new Settings(Integer.getInteger("bench.n", 20_000), Integer.getInteger("bench.warmups", 3),
				Integer.getInteger("bench.rounds", 5),
				Integer.getInteger("bench.rate", 50), Integer.getInteger("bench.sendBatch", 10),
				Integer.getInteger("bench.steadySeconds", 20),
				Integer.getInteger("bench.idleSeconds", 60), Integer.getInteger("bench.enqueueN", 2_000),
				Boolean.parseBoolean(System.getProperty("bench.variants", "true")));
	}

}
