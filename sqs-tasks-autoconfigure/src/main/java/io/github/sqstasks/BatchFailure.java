package io.github.sqstasks;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Thrown by a batch handler ({@code @SqsTask(batch = true)}) to report that only some items of its batch failed:
 * those are retried with the queue's backoff (and dead-lettered in the end), the others are deleted.
 */
public class BatchFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Set<Integer> failedIndexes;

	/**
	 * Creates the signal.
	 * @param failedIndexes positions, in the list the handler received, of the items that failed
	 * @param reason why they failed; carried to the dead-letter queue
	 */
	public BatchFailure(Collection<Integer> failedIndexes, String reason) {
		super(reason);
		this.failedIndexes = Set.copyOf(new TreeSet<>(failedIndexes));
	}

	/**
	 * Returns the positions of the failed items.
	 * @return the indexes, in the list the handler received
	 */
	public Set<Integer> getFailedIndexes() {
		return this.failedIndexes;
	}

}
