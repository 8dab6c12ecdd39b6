package io.github.sqstasks.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Admit and dispatch: hands held messages to handlers while a handler slot is free ({@code concurrency} per queue),
 * in the hold's order (FIFO groups one message at a time), counting each against the max-tasks limit of a shutdown
 * policy. A batch-mode queue hands over up to {@code batch-size} messages at once (at most the free slots, and one
 * per FIFO group, so that a group's order holds across batches too); with a {@code batch-window}, a batch that would
 * be smaller waits up to that long for more. Not thread-safe: its {@link QueuePipeline} guards it.
 *
 * <p>With {@code max-rate}, handler starts are spaced evenly: after each start the next waits {@code 1 / max-rate}
 * seconds (the pipeline's scheduler ends the wait), so a backlog does not start in a burst at each second; messages
 * waiting for their start stay in the hold, invisible, and count against the prefetch.
 */
final class DispatchStage {


	private final int slots;

	private final boolean batchMode;

	private final QueueActivity activity;

	private final @Nullable Duration startInterval;

	private int running;

	/** With a rate limit: whether the next start may go (the interval since the last one has passed). */
	private boolean startAllowed = true;

	private final WakeUps wakeUps;

	private final int batchSize;

	private final Duration batchWindow;

	/** A partial batch is waiting for the batch window: its wake-up is scheduled. */
	private boolean batchWaiting;

	/** The batch window ended: the next batch goes with what there is. */
	private boolean batchWindowOver;

	/** Counts batches handed over, so that the wake-up of a window a full batch ended early changes nothing. */
	private long batches;

	DispatchStage(QueueSettings settings, boolean batchMode, QueueActivity activity, WakeUps wakeUps) {
		this.slots = settings.concurrency();
		this.batchMode = batchMode;
		this.activity = activity;
		this.wakeUps = wakeUps;
		this.batchSize = settings.batchSize();
		this.batchWindow = settings.batchWindow();
		Double maxRate = settings.maxRate();
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
			int room = this.batchMode ? Math.min(this.batchSize, this.slots - this.running) : 1;
			if (this.batchMode && waitForFullerBatch(hold.size(), room, now)) {
				break;
			}
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
			this.batchWaiting = false;
			this.batchWindowOver = false;
			this.batches++;
		}
		return units;
	}

	/**
	 * With a batch window: whether a batch that would be smaller than it can be waits for more messages, up to the
	 * window from when it started waiting.
	 */
	private boolean waitForFullerBatch(int held, int room, Instant now) {
		if (this.batchWindow.isZero() || this.batchWindowOver || held == 0 || held >= room) {
			return false;
		}
		if (!this.batchWaiting) {
			this.batchWaiting = true;
			long waitingBatch = this.batches;
			this.wakeUps.at(now.plus(this.batchWindow), () -> {
				if (this.batches == waitingBatch) {
					this.batchWindowOver = true;
				}
			});
		}
		return true;
	}

	/** Whether a partial batch waits for its window (on the clock, not for a handler). */
	boolean waitingForBatchWindow() {
		return this.batchWaiting && !this.batchWindowOver;
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
