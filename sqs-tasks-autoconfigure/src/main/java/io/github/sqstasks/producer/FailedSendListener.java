package io.github.sqstasks.producer;

/**
 * Told about each job that could not be sent at a point where no caller can handle the error: after a transaction
 * committed, or by the outbox relay. Used for metrics.
 */
@FunctionalInterface
public interface FailedSendListener {

	/** Ignores failures (they are still logged). */
	FailedSendListener NONE = (queue, phase) -> {
	};

	/**
	 * Records one job that was not sent.
	 * @param queue the queue name without prefix
	 * @param phase where it failed: {@code after-commit} or {@code outbox-relay}
	 */
	void failed(String queue, String phase);

}
