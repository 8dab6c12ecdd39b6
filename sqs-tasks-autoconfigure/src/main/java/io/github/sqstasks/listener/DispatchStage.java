package io.github.sqstasks.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Admit and dispatch: hands held messages to handlers while a handler slot is free ({@code concurrency} per queue),
 * in the hold's order (FIFO groups one message at a time), counting each against the max-tasks limit of a shutdown
 * policy. A batch-mode queue hands over up to the free slots' worth of messages at once, at most one per FIFO group,
 * so that a group's order holds across batches too. Not thread-safe: its {@link QueuePipeline} guards it.
 */
final class DispatchStage {

	/** The most messages handed to one batch handler call: what one receive brings at most. */
	static final int MAX_BATCH = 10;

	private final int slots;

	private final boolean batchMode;

	private final QueueActivity activity;

	private int running;

	DispatchStage(int slots, boolean batchMode, QueueActivity activity) {
		this.slots = slots;
		this.batchMode = batchMode;
		this.activity = activity;
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
			while (unit.size() < room) {
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
			}
			if (unit.isEmpty()) {
				break;
			}
			this.running += unit.size();
			units.add(unit);
		}
		return units;
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
