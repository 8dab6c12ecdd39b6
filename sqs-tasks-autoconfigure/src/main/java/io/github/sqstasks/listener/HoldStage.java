package io.github.sqstasks.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Hold: the messages received ahead of a free handler (the prefetch), and FIFO messages held for their retry, in the
 * order they were received. Not thread-safe: its {@link QueuePipeline} guards it.
 *
 * <p>A FIFO group runs one message at a time, in order: a message is not taken while an earlier one of its group is
 * running or waiting for its retry. Holding a FIFO retry here, instead of giving the message back to SQS, is what
 * keeps the messages behind it from being received again: every receive raises a message's receive count, and the
 * queue's RedrivePolicy would move them to the dead-letter queue without their ever having run.
 */
final class HoldStage {

	private final LinkedList<HeldMessage> held = new LinkedList<>();

	/** Groups with a message in a handler's hands. */
	private final Set<String> runningGroups = new HashSet<>();

	private final WakeUps wakeUps;

	private @Nullable Instant retryWakeUpAt;

	HoldStage(WakeUps wakeUps) {
		this.wakeUps = wakeUps;
	}

	void add(HeldMessage message) {
		this.held.addLast(message);
	}

	/**
	 * Puts a FIFO message back for its retry, ahead of the rest of its group.
	 */
	void holdForRetry(HeldMessage message, Instant at) {
		message.holdForRetry(at);
		release(message);
		this.held.addFirst(message);
		if (this.retryWakeUpAt == null || at.isBefore(this.retryWakeUpAt)) {
			this.retryWakeUpAt = at;
			// the wake-up makes the retries due itself, so that a clock that does not move delays nothing forever
			this.wakeUps.at(at, () -> {
				retriesDue(at);
				if (at.equals(this.retryWakeUpAt)) {
					this.retryWakeUpAt = null;
					Instant next = nextRetry();
					if (next != null) {
						this.retryWakeUpAt = next;
						this.wakeUps.at(next, () -> retriesDue(next));
					}
				}
			});
		}
	}

	/**
	 * Takes the first message that may run now: its retry time (if any) has come and no earlier message of its group
	 * is running or waiting.
	 * @param now the listener's clock
	 * @return the message, marked running, or {@code null}
	 */
	@Nullable HeldMessage takeNext(Instant now) {
		Set<String> blocked = new HashSet<>();
		for (Iterator<HeldMessage> it = this.held.iterator(); it.hasNext();) {
			HeldMessage message = it.next();
			String group = message.groupId();
			if (group != null && (this.runningGroups.contains(group) || blocked.contains(group))) {
				continue;
			}
			Instant retryAt = message.retryAt();
			if (retryAt != null && retryAt.isAfter(now)) {
				if (group != null) {
					blocked.add(group);
				}
				continue;
			}
			it.remove();
			message.retryDue();
			if (group != null) {
				this.runningGroups.add(group);
			}
			return message;
		}
		return null;
	}

	/**
	 * A taken message left the handler's hands: its group may run its next message.
	 */
	void release(HeldMessage message) {
		if (message.groupId() != null) {
			this.runningGroups.remove(message.groupId());
		}
	}

	/**
	 * Takes the held messages of a group (to give them back with their head).
	 */
	List<HeldMessage> takeGroup(String groupId) {
		List<HeldMessage> group = new ArrayList<>();
		this.held.removeIf((message) -> groupId.equals(message.groupId()) && group.add(message));
		return group;
	}

	List<HeldMessage> takeAll() {
		List<HeldMessage> all = new ArrayList<>(this.held);
		this.held.clear();
		this.runningGroups.clear();
		this.retryWakeUpAt = null;
		return all;
	}

	int size() {
		return this.held.size();
	}

	/**
	 * Held messages that wait for the clock, not for a handler: FIFO retries whose time has not come, and the
	 * messages of their groups behind them.
	 */
	int waitingForClock(Instant now) {
		Set<String> blocked = new HashSet<>();
		int count = 0;
		for (HeldMessage message : this.held) {
			boolean notDue = message.retryAt() != null && message.retryAt().isAfter(now);
			if (notDue || (message.groupId() != null && blocked.contains(message.groupId()))) {
				count++;
				if (message.groupId() != null) {
					blocked.add(message.groupId());
				}
			}
		}
		return count;
	}

	/** Makes the held retries due at or before an instant runnable now. */
	void retriesDue(Instant at) {
		this.held.stream().filter((m) -> m.retryAt() != null && !m.retryAt().isAfter(at)).forEach(HeldMessage::retryDue);
	}

	/** The earliest pending retry time, to wake the dispatch then. */
	@Nullable Instant nextRetry() {
		return this.held.stream().map(HeldMessage::retryAt).filter((at) -> at != null).min(Instant::compareTo)
			.orElse(null);
	}

}
