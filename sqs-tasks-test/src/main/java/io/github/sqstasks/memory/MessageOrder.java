package io.github.sqstasks.memory;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The order in which a queue hands out its messages; implementations are guarded by the queue's lock.
 */
interface MessageOrder {

	void add(StoredMessage message);

	/**
	 * Returns the next message that may be received now, or {@code null}; the caller then either calls
	 * {@link #reschedule} after changing its visibility or {@link #remove}.
	 * @param now the current time in epoch milliseconds
	 * @param groupsTaken FIFO groups already served in the current receive call, which may give more messages
	 */
	@Nullable StoredMessage next(long now, Set<String> groupsTaken);

	/** Call around a change of {@code visibleAt}: {@code before} runs first, then the change, then this. */
	void beforeVisibilityChange(StoredMessage message);

	void reschedule(StoredMessage message);

	void remove(StoredMessage message);

	/** The earliest future instant at which a message may become receivable, or {@code Long.MAX_VALUE}. */
	long nextVisibleAt(long now);

	void clear();

}
