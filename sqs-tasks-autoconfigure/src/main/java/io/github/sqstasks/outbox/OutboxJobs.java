package io.github.sqstasks.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.sqstasks.producer.JobDeferral;
import io.github.sqstasks.producer.PreparedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the jobs added in a transaction to the outbox table, on the transaction's connection, and has the relay send
 * them when the transaction commits. A rollback (also to a {@code NESTED} savepoint) removes the rows with the rest of
 * the transaction's work; a {@code REQUIRES_NEW} transaction writes on its own connection and commits its jobs alone.
 */
public final class OutboxJobs implements JobDeferral {

	private static final Logger logger = LoggerFactory.getLogger(OutboxJobs.class);

	private final OutboxTable table;

	private final OutboxRelay relay;

	private final Clock clock;

	private final JobDeferral elsewhere;

	private final AtomicBoolean warned = new AtomicBoolean();

	private final Duration wait;

	/**
	 * Creates the deferral.
	 * @param table the outbox table
	 * @param relay woken up after each commit that wrote jobs
	 * @param clock the time source of the rows' creation times
	 * @param elsewhere takes the jobs of transactions that do not run on the outbox's data source
	 * @param wait how long a commit waits at most for the relay to send its jobs
	 */
	public OutboxJobs(OutboxTable table, OutboxRelay relay, Clock clock, JobDeferral elsewhere, Duration wait) {
		this.wait = wait;
		this.table = table;
		this.relay = relay;
		this.clock = clock;
		this.elsewhere = elsewhere;
	}

	@Override
	public boolean defer(PreparedMessage message) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		if (!TransactionSynchronizationManager.hasResource(this.table.dataSource())) {
			// A row written outside the transaction would be visible, and sent, before the commit or after a rollback.
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("A job for queue '{}' was added in a transaction that does not hold a connection of the "
						+ "outbox's DataSource (another transaction manager or DataSource): such jobs are sent after "
						+ "commit without the outbox. Use the DataSource's transaction manager to keep them in {}.",
						message.queue(), this.table.name());
			}
			return this.elsewhere.defer(message);
		}
		this.table.insert(message, this.clock.instant());
		registerWakeUp();
		return true;
	}

	private void registerWakeUp() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof WakeUp wakeUp && wakeUp.relay() == this.relay) {
				return;
			}
		}
		TransactionSynchronizationManager.registerSynchronization(new WakeUp(this.relay, this.wait));
	}

	/**
	 * Has the relay send a transaction's jobs when it has committed, and waits for that (at most a lease), so that
	 * they are on their way when the transactional method returns, as without the outbox. The pass runs on the
	 * relay's thread: on this one the committed connection is still bound to the transaction.
	 *
	 * @param relay the relay
	 * @param longest the longest wait; rows not sent by then stay for the relay
	 */
	private record WakeUp(OutboxRelay relay, Duration longest) implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			if (status != STATUS_COMMITTED) {
				return;
			}
			try {
				this.relay.wakeUp().get(this.longest.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// The rows are committed: the relay sends them on its next pass.
			}
		}

	}

}
