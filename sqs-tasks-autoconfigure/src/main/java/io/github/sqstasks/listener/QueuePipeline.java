package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.scheduling.TaskScheduler;

/**
 * One consumed queue, as a pipeline of five stages:
 * <ol>
 * <li>{@link ReceiveStage receive}: paced receives, into the hold;</li>
 * <li>{@link HoldStage hold}: messages waiting for a handler (the prefetch, and FIFO messages held for a retry),
 * kept invisible by the {@link VisibilityHeartbeat heartbeat};</li>
 * <li>{@link DispatchStage admit and dispatch}: handler slots, FIFO group order, the max-tasks limit;</li>
 * <li>{@link OutcomeStage outcome}: decode, run the handler, and decide success, retry, dead-letter or re-delay;</li>
 * <li>{@link AcknowledgeStage acknowledge}: the delete, visibility change or give-back that carries the outcome to
 * the broker.</li>
 * </ol>
 * Its counts (capacity reserved by receives in flight, held, running) change under this object's lock; calls to the
 * broker and handlers run outside it. Every timed step is on the listener's {@link TaskScheduler} and its clock.
 */
final class QueuePipeline {

	private final QueueSettings settings;

	private final String queueUrl;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final Executor handlers;

	private final VisibilityHeartbeat heartbeat;

	private final SqsAsyncClient sqs;

	private final QueueActivity activity;

	private final ReceiveStage receive;

	private final HoldStage hold;

	private final DispatchStage dispatch;

	private final OutcomeStage outcome;

	private final AcknowledgeStage acknowledge;

	private @Nullable Duration visibilityTimeout;


	// guarded by this
	private int reserved;

	private boolean closed = true;


	QueuePipeline(QueueSettings settings, String queueUrl, SqsAsyncClient sqs, TaskScheduler scheduler,
			Executor handlers, VisibilityHeartbeat heartbeat, MessageDeleter deleter, QueueActivity activity,
			boolean batchMode, OutcomeStage.Shared shared) {
		this.settings = settings;
		this.queueUrl = queueUrl;
		this.sqs = sqs;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		this.handlers = handlers;
		this.heartbeat = heartbeat;
		this.activity = activity;
		WakeUps wakeUps = new WakeUps(scheduler, this, this::dispatch);
		this.hold = new HoldStage(wakeUps);
		this.dispatch = new DispatchStage(settings, batchMode, activity, wakeUps);
		this.acknowledge = new AcknowledgeStage(this, sqs, deleter, activity);
		this.outcome = new OutcomeStage(this, this.acknowledge, shared);
		this.receive = new ReceiveStage(this, sqs, scheduler, queueUrl);
	}

	QueueSettings settings() {
		return this.settings;
	}

	String queueUrl() {
		return this.queueUrl;
	}

	Clock clock() {
		return this.clock;
	}

	QueueActivity activity() {
		return this.activity;
	}

	/**
	 * Starts receiving.
	 * @param visibilityTimeout the visibility timeout the heartbeat renews: the queue's setting or its own
	 * attribute; {@code null} when unknown (nothing is renewed)
	 */
	void start(@Nullable Duration visibilityTimeout) {
		this.visibilityTimeout = visibilityTimeout;
		synchronized (this) {
			this.closed = false;
		}
		this.receive.start();
	}

	/**
	 * Sends no more receives, gives back every held message at once (visibility 0) and hands no more messages to
	 * handlers; handlers already running finish and their outcomes still reach the broker.
	 */
	void stopReceiving() {
		this.receive.stop();
		List<HeldMessage> back;
		synchronized (this) {
			this.closed = true;
			back = this.hold.takeAll();
			notifyAll();
		}
		this.acknowledge.giveBack(back);
	}

	/**
	 * Waits for the running handlers, in real time: a stop waits for threads, whatever the listener's clock.
	 * @param deadlineNanos {@link System#nanoTime()} to give up at
	 * @return whether none is running
	 */
	synchronized boolean awaitHandlers(long deadlineNanos) {
		while (this.dispatch.running() > 0) {
			long left = deadlineNanos - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Reserves room in the hold for a receive.
	 * @param batch the messages one receive may ask for
	 * @param partialOk whether to take less than a batch when that is all there is
	 * @return the messages the receive may ask for; 0 to wait
	 */
	synchronized int reserve(int batch, boolean partialOk) {
		if (this.closed) {
			return 0;
		}
		int inUse = this.hold.size() + this.dispatch.running() + this.reserved;
		int free = this.settings.maxInFlight() - inUse;
		int asked = 0;
		if (free >= batch) {
			asked = batch;
		}
		else if (free > 0 && (partialOk || inUse <= this.settings.concurrency())) {
			// a whole batch may never fit while held messages wait for slow handlers; and idle handlers do not wait
			asked = free;
		}
		this.reserved += asked;
		return asked;
	}

	synchronized boolean hasRoom() {
		return !this.closed
				&& this.hold.size() + this.dispatch.running() + this.reserved < this.settings.maxInFlight();
	}

	/**
	 * Takes in what a receive brought: into the hold, or straight back to the broker once stopping.
	 * @param asked the room the receive had reserved
	 * @param messages what it brought
	 */
	void received(int asked, List<Message> messages) {
		this.activity.received(messages);
		Instant now = this.clock.instant();
		List<Message> late = List.of();
		synchronized (this) {
			this.reserved -= asked;
			if (this.closed) {
				late = messages;
			}
			else {
				for (Message message : messages) {
					this.hold.add(new HeldMessage(message, startHeartbeat(message), now));
				}
			}
		}
		this.acknowledge.giveBackUnheld(late);
		dispatch();
	}

	private VisibilityHeartbeat.Beat startHeartbeat(Message message) {
		Duration timeout = this.visibilityTimeout;
		if (timeout == null) {
			return new VisibilityHeartbeat.Beat();
		}
		String receiptHandle = message.receiptHandle();
		return this.heartbeat.start((seconds) -> this.sqs.changeMessageVisibility(
				(r) -> r.queueUrl(this.queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds)), timeout,
				this.settings.maxProcessingTime(),
				"message " + message.messageId() + " on queue '" + this.settings.queue() + "'");
	}

	/**
	 * Hands held messages to handlers while slots are free.
	 */
	void dispatch() {
		List<List<HeldMessage>> units;
		List<HeldMessage> refused = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			units = this.dispatch.take(this.hold, this.clock.instant(), refused);
		}
		if (!refused.isEmpty()) {
			// the max-tasks limit is reached: this queue takes nothing more here, so it stops receiving at once
			// rather than receiving and giving back until the shutdown policy's next check
			this.receive.stop();
		}
		this.acknowledge.giveBack(refused);
		for (List<HeldMessage> unit : units) {
			this.handlers.execute(() -> run(unit));
		}
	}

	private void run(List<HeldMessage> unit) {
		try {
			if (unit.size() == 1 && !this.dispatch.batchMode()) {
				this.outcome.process(unit.get(0));
			}
			else {
				this.outcome.processBatch(unit);
			}
		}
		finally {
			synchronized (this) {
				this.dispatch.finished(unit.size());
				notifyAll();
			}
			dispatch();
			this.receive.pump();
		}
	}

	/**
	 * Keeps a FIFO message for its retry here, unless stopping or the delay goes past what SQS lets a receive stay
	 * invisible (12 hours from the receive).
	 * @return whether it is held; otherwise the caller gives it back with the delay
	 */
	boolean holdForRetry(HeldMessage message, Duration delay) {
		Instant at = this.clock.instant().plus(delay);
		Duration margin = (this.visibilityTimeout != null) ? this.visibilityTimeout : Duration.ofSeconds(30);
		if (!at.plus(margin).isBefore(message.receivedAt().plus(AcknowledgeStage.MAX_VISIBILITY))) {
			return false;
		}
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			this.hold.holdForRetry(message, at);
		}
		return true;
	}

	/** A message's outcome is decided: the next message of its FIFO group may run. */
	synchronized void released(HeldMessage message) {
		this.hold.release(message);
	}

	/** Takes the held messages of a FIFO group, to give them back with their head. */
	synchronized List<HeldMessage> takeGroup(String groupId) {
		return this.hold.takeGroup(groupId);
	}

	/**
	 * Messages this instance holds of this queue: waiting for a handler or a retry, being handled, or handled and
	 * waiting for their outcome to reach the broker.
	 */
	synchronized int unfinished() {
		return this.activity.unfinished() + this.hold.size();
	}

	/**
	 * Like {@link #unfinished()}, without held messages that wait for the clock rather than for this instance: FIFO
	 * retries whose time has not come (and their groups), or every held message while the rate limit's interval or a
	 * batch window runs.
	 */
	synchronized int busy() {
		int clockBound = (this.dispatch.waitingForStartPermit() || this.dispatch.waitingForBatchWindow())
				? this.hold.size() : this.hold.waitingForClock(this.clock.instant());
		return unfinished() - clockBound;
	}

	@Nullable Duration takeOldestReceivedAge() {
		return this.activity.takeOldestReceivedAge();
	}

	/** What this queue's listener has done, for its shutdown policy. */
	synchronized QueueShutdownPolicy.QueueState state() {
		int held = this.hold.size();
		return new QueueShutdownPolicy.QueueState(this.settings.queue(), this.activity.idle(held),
				this.activity.emptySinceActivity(), this.activity.finishedCount(), this.activity.unfinished() + held,
				this.clock.instant());
	}

}
