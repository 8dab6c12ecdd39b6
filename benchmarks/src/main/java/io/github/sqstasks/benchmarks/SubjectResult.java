package io.github.sqstasks.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The figures measured for one consumer.
 *
 * @param name the consumer
 * @param drainRates messages per second of each measured drain round (warm-up excluded)
 * @param stopAfterDrainMillis median time to stop right after a drain round (a long poll has just begun)
 * @param drainRequestsPerTask consumer requests (receive, delete, other) per task while draining a backlog, median
 * @param steadySendsPerTask send requests per task at the steady load
 * @param steadyReceivesPerTask receive requests per task at the steady load
 * @param steadyDeletesPerTask delete requests per task at the steady load
 * @param steadyOtherPerTask other requests (visibility, attributes) per task at the steady load
 * @param steadyTasks tasks sent at the steady load
 * @param steadyHandled of those, tasks whose start was seen
 * @param p50Millis median enqueue-to-start latency at the steady load
 * @param p99Millis 99th percentile enqueue-to-start latency at the steady load
 * @param idleRequestsPerMinute requests per minute on an empty queue, or {@code null} when not measured
 * @param stopIdleMillis time to stop the consumer after it idled
 * @param heapUsedMib heap in use after this consumer's steady load (all consumers loaded, broker included)
 * @param heapDeltaMib heap the consumer added when it was started, after GC
 */
public record SubjectResult(String name, List<Double> drainRates, double stopAfterDrainMillis, double drainRequestsPerTask,
		double steadySendsPerTask, double steadyReceivesPerTask, double steadyDeletesPerTask,
		double steadyOtherPerTask, int steadyTasks, int steadyHandled, double p50Millis, double p99Millis,
		@Nullable Double idleRequestsPerMinute, double stopIdleMillis, double heapUsedMib, double heapDeltaMib) {

	/**
	 * Returns these figures with the drain rounds added.
	 * @param rates messages per second of each measured round
	 * @param stopMillis median time of the stop after each round
	 * @param requestsPerTask median consumer requests per task over those rounds
	 * @return the completed figures
	 */
	public SubjectResult withDrain(List<Double> rates, double stopMillis, double requestsPerTask) {
		return new SubjectResult(this.name, List.copyOf(rates), stopMillis, requestsPerTask, this.steadySendsPerTask,
				this.steadyReceivesPerTask, this.steadyDeletesPerTask, this.steadyOtherPerTask, this.steadyTasks,
				this.steadyHandled, this.p50Millis, this.p99Millis, this.idleRequestsPerMinute, this.stopIdleMillis,
				this.heapUsedMib, this.heapDeltaMib);
	}

	public double drainMedian() {
		return Stats.median(this.drainRates);
	}

	public double steadyRequestsPerTask() {
		return this.steadySendsPerTask + this.steadyReceivesPerTask + this.steadyDeletesPerTask
				+ this.steadyOtherPerTask;
	}

}
