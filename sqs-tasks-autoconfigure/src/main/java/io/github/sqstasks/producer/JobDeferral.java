package io.github.sqstasks.producer;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Holds checked jobs back instead of sending them now, for example until the current transaction commits.
 *
 * <p>The template checks every job (arguments, size, delay, FIFO rules) before it offers the job here, so that a job
 * that could never be sent is refused at the call site even when its send is deferred.
 */
@FunctionalInterface
public interface JobDeferral {

	/** Never defers: every job is sent when it is added. */
	JobDeferral NONE = (message) -> false;

	/**
	 * Takes a job to send later, or declines it.
	 * @param message the checked job
	 * @return {@code true} when the job was taken (the template then returns {@code null} for it), {@code false} to
	 * send it now
	 */
	boolean defer(PreparedMessage message);

	/**
	 * Returns the deferral that holds jobs added in an active Spring-managed transaction until it commits, sends them
	 * then as batches, and drops them when it rolls back. Needs {@code spring-tx} on the classpath.
	 * @param sqs the client that sends after commit
	 * @param failures told about each job that could not be sent after commit
	 * @return the deferral
	 */
	static JobDeferral afterCommit(SqsAsyncClient sqs, FailedSendListener failures) {
		return new AfterCommitJobs(new BatchSender(sqs), failures);
	}

}
