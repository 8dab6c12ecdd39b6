package io.github.sqstasks.memory;

/**
 * Where a message stands in its queue.
 */
public enum MessageState {

	/** Receivable now. */
	VISIBLE,

	/** Received and not yet deleted; hidden until its visibility timeout ends. */
	IN_FLIGHT,

	/** Sent with a delay that has not ended yet; never received. */
	DELAYED

}
