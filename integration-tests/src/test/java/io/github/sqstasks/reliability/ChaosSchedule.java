package io.github.sqstasks.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The faults of one chaos run, in order, drawn from a seed: the same seed gives the same schedule (which worker, how
 * long, how many), so that a failing run can be replayed with {@code -Dchaos.seed=}. What the faults meet (how far the
 * workers are) still depends on the machine's speed.
 *
 * @param seed the seed
 * @param faults the faults in the order they are injected
 */
record ChaosSchedule(long seed, List<Fault> faults) {

	/** Kinds of fault. */
	enum Kind {

		/** SIGKILL of a worker, then its restart. */
		KILL,

		/** SIGTERM of a worker (it finishes what it runs and gives back what it prefetched), then its restart. */
		TERM,

		/** Every connection to the broker cut and new ones dropped, for {@code millis}. */
		OUTAGE,

		/** {@code amount} ms added to every forwarded chunk, both ways, for {@code millis}. */
		LATENCY,

		/** {@code amount} tasks on each queue whose handlers sleep {@code millis}, past the visibility timeout. */
		SLOW,

		/** {@code amount} poison messages (not JSON) sent to the standard queue at once. */
		POISON

	}

	/**
	 * One fault.
	 *
	 * @param kind what it is
	 * @param worker the worker it hits (KILL, TERM), else -1
	 * @param millis how long it lasts (OUTAGE, LATENCY) or a handler sleeps (SLOW)
	 * @param amount added latency per chunk (LATENCY) or messages (SLOW, POISON)
	 * @param pauseMillis how long the run goes on undisturbed before it
	 */
	record Fault(Kind kind, int worker, long millis, int amount, long pauseMillis) {

		@Override
		public String toString() {
			String what = switch (this.kind) {
				case KILL, TERM -> this.kind + " worker " + this.worker;
				case OUTAGE -> "OUTAGE " + this.millis + " ms";
				case LATENCY -> "LATENCY +" + this.amount + " ms/chunk for " + this.millis + " ms";
				case SLOW -> "SLOW " + this.amount + " tasks/queue sleeping " + this.millis + " ms";
				case POISON -> "POISON " + this.amount + " messages";
			};
			return "after " + this.pauseMillis + " ms: " + what;
		}

	}

	/**
	 * Draws a schedule.
	 * @param seed the seed
	 * @param workers how many workers there are
	 * @param kills SIGKILLs
	 * @param terms SIGTERMs
	 * @param outages outages of 1 to 5 s
	 * @param latencyPhases phases of added latency
	 * @param poison poison messages in the burst
	 * @param visibilityTimeoutMillis the workers' visibility timeout, which slow handlers outlast
	 * @return the schedule: those faults, one slow phase and one poison burst, shuffled
	 */
	static ChaosSchedule draw(long seed, int workers, int kills, int terms, int outages, int latencyPhases,
			int poison, long visibilityTimeoutMillis) {
		Random random = new Random(seed);
		List<Fault> faults = new ArrayList<>();
		for (int i = 0; i < kills; i++) {
			faults.add(new Fault(Kind.KILL, random.nextInt(workers), 0, 0, 0));
		}
		for (int i = 0; i < terms; i++) {
			faults.add(new Fault(Kind.TERM, random.nextInt(workers), 0, 0, 0));
		}
		for (int i = 0; i < outages; i++) {
			faults.add(new Fault(Kind.OUTAGE, -1, 1000 + random.nextInt(4001), 0, 0));
		}
		for (int i = 0; i < latencyPhases; i++) {
			faults.add(new Fault(Kind.LATENCY, -1, 1000 + random.nextInt(2001), 50 + random.nextInt(251), 0));
		}
		faults.add(new Fault(Kind.SLOW, -1, visibilityTimeoutMillis + 2000 + random.nextInt(2001),
				10 + random.nextInt(21), 0));
		faults.add(new Fault(Kind.POISON, -1, 0, poison, 0));
		Collections.shuffle(faults, random);
		List<Fault> paced = faults.stream()
			.map((fault) -> new Fault(fault.kind(), fault.worker(), fault.millis(), fault.amount(),
					500 + random.nextInt(2501)))
			.toList();
		return new ChaosSchedule(seed, paced);
	}

	int count(Kind kind) {
		return (int) this.faults.stream().filter((fault) -> fault.kind() == kind).count();
	}

	@Override
	public String toString() {
		return "seed " + this.seed + ":" + this.faults.stream()
			.map((fault) -> "\n  " + fault)
			.collect(Collectors.joining());
	}

}
