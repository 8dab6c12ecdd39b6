package io.github.sqstasks.listener;

/**
 * What became of one handled message.
 */
public enum TaskOutcome {

	/** The handler returned; the message was deleted. */
	SUCCEEDED,

	/** The handler asked for a retry, or failed before its last attempt; the message comes back later. */
	RETRIED,

	/** Given up on and moved to the dead-letter queue. */
	DEAD_LETTERED,

	/** Given up on without a dead-letter queue: logged with its body and deleted. */
	FAILED

}
