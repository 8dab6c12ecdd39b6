package io.github.sqstasks.producer;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a batch closes and some of its jobs could not be sent; names each failed job. Jobs not named here were
 * sent.
 */
public class BatchSendException extends JobSendException {

	private static final long serialVersionUID = 1L;

	private final List<FailedEntry> failures;

	/**
	 * Creates the exception.
	 * @param failures the jobs that were not sent
	 * @param sent how many jobs of the batch were sent
	 */
	public BatchSendException(List<FailedEntry> failures, int sent) {
		super(failures.size() + " of " + (failures.size() + sent) + " jobs of the batch were not sent (the other "
				+ sent + " were): " + failures.stream().map(FailedEntry::toString).collect(Collectors.joining("; "))
				+ ". Send the failed jobs again once the cause is fixed.");
		this.failures = List.copyOf(failures);
	}

	/**
	 * Returns the jobs that were not sent, in the order they were added.
	 * @return the failed entries
	 */
	public List<FailedEntry> failures() {
		return this.failures;
	}

	/**
	 * One job of a batch that SQS did not accept.
	 *
	 * @param queue the queue name without prefix
	 * @param task the task name, or {@code null} for a raw job
	 * @param code SQS's error code, or the exception type when the whole request failed
	 * @param message SQS's error message
	 * @param senderFault {@code true} when SQS blames the request (sending it again unchanged will fail again)
	 */
	public record FailedEntry(String queue, @Nullable String task, String code, String message, boolean senderFault) {

		@Override
		public String toString() {
			return ((this.task != null) ? "task '" + this.task + "'" : "raw job") + " to queue '" + this.queue + "': "
					+ this.code + " (" + this.message + ")";
		}

	}

}
