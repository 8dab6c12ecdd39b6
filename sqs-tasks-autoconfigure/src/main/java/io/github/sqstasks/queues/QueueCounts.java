package io.github.sqstasks.queues;

/**
 * The approximate message counts SQS reports for a queue.
 *
 * @param visible messages waiting to be received ({@code ApproximateNumberOfMessages})
 * @param inFlight messages received and not yet deleted ({@code ApproximateNumberOfMessagesNotVisible})
 * @param delayed messages not yet delivered because of a delay ({@code ApproximateNumberOfMessagesDelayed})
 */
public record QueueCounts(long visible, long inFlight, long delayed) {

	/**
	 * Returns all messages of the queue, whatever their state.
	 * @return the sum of the three counts
	 */
	public long total() {
		return this.visible + this.inFlight + this.delayed;
	}

}
