package io.github.sqstasks.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Admit and dispatch: hands held messages to handlers while a handler slot is free ({@code concurrency} per queue),
 * in the hold's order (FIFO groups one message at a time), counting each against the max-tasks limit of a shutdown
 * policy. A batch-mode queue hands over up to the free slots' worth of messages at once, at most one per FIFO group,
 * so that a group's order holds across batches too. Not thread-safe: its {@link QueuePipeline} guards it.
 *
 * <p>With {@code max-rate}, handler starts are spaced evenly: after each start the next waits {@code 1 / max-rate}
 * seconds (the pipeline's scheduler ends the wait), so a backlog does not start in a burst at each second; messages
 * waiting for their start stay in the hold, invisible, and count against the prefetch.
 */
final class DispatchStage {

	/** The most messages handed to one batch handler call: what one receive brings at most. */
	static final int MAX_BATCH = 10;

	private final int slots;

	private final boolean batchMode;

	private final QueueActivity activity;

	private final @Nullable Duration startInterval;

	private int running;

	/** With a rate limit: whether the next start may go (the interval since the last one has passed). */
	private boolean startAllowed = true;

	private final WakeUps wakeUps;

	DispatchStage(int slots, boolean batchMode, QueueActivity activity, @Nullable Double maxRate, WakeUps wakeUps) {
		this.wakeUps = wakeUps;
		this.slots = slots;
		this.batchMode = batchMode;
		this.activity = activity;
		this.startInterval = (maxRate != null) ? Duration.ofNanos(Math.round(1_000_000_000 / maxRate)) : null;
	}

	/**
	 * Takes what may run now.
	 * @param hold the held messages
	 * @param now the listener's clock
	 * @param refused receives the messages the max-tasks limit turns away (to give back)
	 * @return the units of work: one message, or a batch for a batch-mode queue
	 */
	List<List<HeldMessage>> take(HoldStage hold, Instant now, List<HeldMessage> refused) {
		List<List<HeldMessage>> units = new ArrayList<>();
		while (this.running < this.slots) {
			int room = this.batchMode ? Math.min(MAX_BATCH, this.slots - this.running) : 1;
			List<HeldMessage> unit = new ArrayList<>();
			while (unit.size() < room && (this.startInterval == null || this.startAllowed)) {
				HeldMessage next = hold.takeNext(now);
				if (next == null) {
					break;
				}
				if (!next.admitted()) {
					if (!this.activity.admit()) {
						hold.release(next);
						refused.add(next);
						continue;
					}
					next.markAdmitted();
				}
				this.activity.started();
				unit.add(next);
				if (this.startInterval != null) {
					this.startAllowed = false;
					// the wake-up ends the interval itself, so that a clock that does not move still lets starts go
					this.wakeUps.at(now.plus(this.startInterval), () -> this.startAllowed = true);
				}
			}
			if (unit.isEmpty()) {
				break;
			}
			this.running += unit.size();
			units.add(unit);
		}
		return units;
	}

	/** Whether held messages wait for the rate limit's next start (on the clock, not for a handler). */
	boolean waitingForStartPermit() {
		return this.startInterval != null && !this.startAllowed;
	}

	/** A unit's handler returned: its slots are free. */
	void finished(int size) {
		this.running -= size;
	}

	boolean batchMode() {
		return this.batchMode;
	}

	int running() {
		return this.running;
	}

}
