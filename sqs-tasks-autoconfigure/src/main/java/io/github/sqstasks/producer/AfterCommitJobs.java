package io.github.sqstasks.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds the jobs added in a Spring-managed transaction until it commits, then sends them as batches; a rollback drops
 * them. Each transaction has its own jobs: a {@code REQUIRES_NEW} transaction suspends the synchronizations of the
 * outer one, so its jobs follow the inner commit, while {@code REQUIRED} and {@code NESTED} join the outer one's.
 */
final class AfterCommitJobs implements JobDeferral {

	/** The phase named in metrics and logs. */
	static final String PHASE = "after-commit";

	private static final Logger logger = LoggerFactory.getLogger(AfterCommitJobs.class);

	private final BatchSender sender;

	private final FailedSendListener failures;

	AfterCommitJobs(BatchSender sender, FailedSendListener failures) {
		this.sender = sender;
		this.failures = failures;
	}

	@Override
	public boolean defer(PreparedMessage message) {
		if (!inTransaction()) {
			return false;
		}
		pending().messages.add(message);
		return true;
	}

	/**
	 * Tells whether the current thread runs in an actual transaction with synchronization (not merely in a
	 * {@code SUPPORTS} scope without a transaction).
	 * @return {@code true} when jobs would follow a transaction
	 */
	static boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	private Pending pending() {
		// Only the current transaction's synchronizations are listed (suspended ones are not), which is what gives
		// REQUIRES_NEW its own jobs.
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof Pending pending && pending.owner() == this) {
				return pending;
			}
		}
		Pending pending = new Pending();
		TransactionSynchronizationManager.registerSynchronization(pending);
		return pending;
	}

	void send(List<PreparedMessage> messages) {
		BatchBuffer buffer = new BatchBuffer(this.sender);
		List<BatchSender.Failed> failed = new ArrayList<>();
		try {
			messages.forEach(buffer::add);
			buffer.flush();
		}
		catch (BatchSendException ex) {
			failed.addAll(buffer.failures());
		}
		catch (RuntimeException ex) {
			// Unexpected (not an SQS answer): nothing is known to have been sent, so every job is reported.
			for (PreparedMessage message : messages) {
				failed.add(new BatchSender.Failed(message, new BatchSendException.FailedEntry(message.queue(),
						message.task(), ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()), false)));
			}
		}
		for (BatchSender.Failed failure : failed) {
			PreparedMessage message = failure.message();
			logger.error("Could not send {} to queue '{}' after its transaction committed (arguments of {} bytes): "
					+ "{} ({}). The job is lost unless it is sent again; enable sqs-tasks.outbox.enabled to keep jobs "
					+ "in the database until SQS accepts them.", message.what(), message.queue(),
					message.request().messageBody().getBytes(StandardCharsets.UTF_8).length, failure.entry().code(),
					failure.entry().message());
			this.failures.failed(message.queue(), PHASE);
		}
	}

	/**
	 * The jobs of one transaction.
	 */
	private final class Pending implements TransactionSynchronization {

		private final List<PreparedMessage> messages = new ArrayList<>();

		AfterCommitJobs owner() {
			return AfterCommitJobs.this;
		}

		@Override
		public void afterCommit() {
			sendPending();
		}

		@Override
		public void afterCompletion(int status) {
			// Jobs added by other synchronizations' afterCommit (after this one ran, or before it was registered, in
			// which case Spring calls only afterCompletion) still follow the commit; after a rollback all are dropped.
			if (status == STATUS_COMMITTED) {
				sendPending();
			}
			this.messages.clear();
		}

		private void sendPending() {
			List<PreparedMessage> due = List.copyOf(this.messages);
			this.messages.clear();
			if (!due.isEmpty()) {
				send(due);
			}
		}

	}

}
