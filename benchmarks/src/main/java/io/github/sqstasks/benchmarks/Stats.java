package io.github.sqstasks.benchmarks;

import java.util.List;

/**
 * Median, minimum, maximum and percentiles of measured values.
 */
public final class Stats {

	private Stats() {
	}

	/**
	 * Returns the median.
	 * @param values the values, not empty
	 * @return the median
	 */
	public static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	public static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	public static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	/**
	 * Returns a percentile by the nearest-rank method.
	 * @param sorted the values, sorted ascending
	 * @param percent the percentile, 0-100
	 * @return the value, NaN when there are none
	 */
	public static double percentile(double[] sorted, double percent) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * Returns the heap in use after full collections, in MiB.
	 * @return used heap
	 * @throws InterruptedException when interrupted
	 */
	public static double usedHeapMib() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		Runtime runtime = Runtime.getRuntime();
		return (runtime.totalMemory() - runtime.freeMemory()) / (1024.0 * 1024.0);
	}

}
