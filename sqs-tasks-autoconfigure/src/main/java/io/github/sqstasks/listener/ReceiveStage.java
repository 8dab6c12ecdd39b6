package io.github.sqstasks.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import org.springframework.scheduling.TaskScheduler;

/**
 * Receive: decides when the queue's next receive goes out and for how many messages, sends it, and hands what comes
 * back to the pipeline's hold. Every wait is on the listener's scheduler.
 *
 * <p>Pacing, chosen for requests per task and latency (figures in benchmarks/README.md):
 * <ul>
 * <li>one receive is in flight at a time, except on a backlog: a second once more than {@value #RAMP_AFTER} receives
 * in a row came back full (more than {@value #RAMP_AFTER_OLD} when the first of them brought a message that had
 * waited a second or more), a third after one more, and so on. The extra receives do not long-poll, so that none is
 * left waiting to be woken by a single message when the backlog ends;</li>
 * <li>after a receive that came back with some messages but fewer than asked (no backlog), the next one waits
 * {@code receive-batch-window}, so that at a light load messages are received several at a time (a message arriving
 * at an idle queue is still received at once: the long poll is already waiting);</li>
 * <li>a receive asks for a whole batch when the hold has room for one; otherwise it waits, up to
 * {@code receive-batch-window} (with {@code 0s}, for as long as held messages keep the handlers busy), for room, and
 * asks at once for what fits when the handlers would run out of work.</li>
 * </ul>
 *
 * <p>A receive that fails (the broker unreachable, say) is retried with back-off ({@link BrokerErrors#BACKOFF}); an
 * outage is one WARN when receives start failing and one INFO, with its length, when one succeeds again.
 */
final class ReceiveStage {

	private static final Logger logger = LoggerFactory.getLogger(ReceiveStage.class);

	/** Full receives in a row after which a second receive goes out beside the first, and one more after each. */
	static final int RAMP_AFTER = 20;

	/**
	 * The same on a backlog that has plainly waited: full receives whose first message was sent {@link #OLD} or longer
	 * before it was received.
	 */
	static final int RAMP_AFTER_OLD = 3;

	/** How long a message must have waited in the queue for its full receive to count as a backlog at once. */
	static final Duration OLD = Duration.ofSeconds(1);

	private final QueuePipeline pipeline;

	private final SqsAsyncClient sqs;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final ReceiveMessageRequest request;

	private final int batchSize;

	private final Duration window;

	private final String queueName;

	// guarded by this
	private int inFlight;

	private int fullInARow;

	/** The full receives in a row brought messages that had waited {@link #OLD} or longer. */
	private boolean oldBacklog;

	/** A receive came back short: the next one waits for the batch window's wake-up. */
	private boolean windowWait;

	/** Waiting, up to the batch window, for room for a whole batch; then {@link #roomWaitOver}. */
	private boolean roomWait;

	private boolean roomWaitOver;

	/** Counts waits for room, so that the wake-up of a wait a full batch already ended changes nothing. */
	private long roomWaits;

	/** The wake-up of the current wait for room, cancelled when a whole batch ends the wait early. */
	private @Nullable ScheduledFuture<?> roomWakeUp;

	private final List<ScheduledFuture<?>> wakeUps = new java.util.ArrayList<>();

	private @Nullable Outage outage;

	private boolean stopped = true;

	ReceiveStage(QueuePipeline pipeline, SqsAsyncClient sqs, TaskScheduler scheduler, String queueUrl) {
		this.pipeline = pipeline;
		this.sqs = sqs;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		QueueSettings settings = pipeline.settings();
		this.batchSize = settings.messagesPerPoll();
		this.window = settings.receiveBatchWindow();
		this.queueName = BrokerErrors.queueName(queueUrl);
		ReceiveMessageRequest.Builder builder = ReceiveMessageRequest.builder()
			.queueUrl(queueUrl)
			.waitTimeSeconds((int) settings.pollTimeout().toSeconds())
			.messageAttributeNames("All")
			.messageSystemAttributeNames(MessageSystemAttributeName.ALL);
		if (settings.visibilityTimeout() != null) {
			builder.visibilityTimeout((int) settings.visibilityTimeout().toSeconds());
		}
		this.request = builder.build();
	}

	synchronized void start() {
		this.stopped = false;
		this.outage = null;
		pump();
	}

	/**
	 * Sends no more receives; what a receive still in flight brings is given back when it arrives.
	 */
	synchronized void stop() {
		this.stopped = true;
		this.wakeUps.forEach((wakeUp) -> wakeUp.cancel(false));
		this.wakeUps.clear();
	}

	/**
	 * Sends every receive that may go now; called whenever something changed (a receive returned, a handler finished,
	 * a wait ended).
	 */
	void pump() {
		while (true) {
			int asked;
			boolean shortPoll;
			synchronized (this) {
				asked = nextReceive();
				if (asked == 0) {
					return;
				}
				this.inFlight++;
				shortPoll = this.inFlight > 1;
			}
			// outside the lock: a client that answers at once (the in-memory SQS) runs the whole receive, and the
			// hand-over of what it brought, on this thread, and other threads must not queue behind it
			send(asked, shortPoll);
		}
	}

	/**
	 * Decides whether a receive may go now, and reserves its room.
	 * @return the messages it may ask for; 0 when none may go now
	 */
	private int nextReceive() {
		if (this.stopped) {
			return 0;
		}
		if (this.outage != null) {
			// during an outage, one receive at a time, each after its back-off
			if (!this.outage.retryNow || this.inFlight > 0) {
				return 0;
			}
		}
		// more than one receive in flight only on a backlog of twenty full receives in a row: at a steady load in
		// batches (500 tasks/s, a hundred messages a batch window), an earlier ramp (from the third) ended every
		// window with receives that came back empty: 0.127 receives per task instead of 0.10. A backlog whose
		// messages had waited a second or more (pre-sent 256 KiB messages, say) ramps up after three: messages of a
		// steady load are received within the batch window, younger than that
		int rampAfter = this.oldBacklog ? RAMP_AFTER_OLD : RAMP_AFTER;
		if (this.inFlight >= Math.max(1, this.fullInARow - rampAfter + 1)) {
			return 0;
		}
		if (this.fullInARow == 0 && this.windowWait) {
			return 0;
		}
		// without a batch window, a receive waits for room for a whole batch as long as held messages keep the handlers
		// busy (the pipeline lets it ask for less when they would run out): asking at once for the one or two places
		// each finishing handler frees cost about one receive per message on a backlog (1.03 requests per task)
		int asked = this.pipeline.reserve(this.batchSize, this.roomWaitOver);
		if (asked == 0) {
			if (!this.window.isZero() && !this.roomWait && this.pipeline.hasRoom()) {
				this.roomWait = true;
				long wait = ++this.roomWaits;
				this.roomWakeUp = wakeUpAfterWindow(() -> {
					if (this.roomWait && this.roomWaits == wait) {
						this.roomWaitOver = true;
					}
				});
			}
			return 0;
		}
		if (this.roomWakeUp != null) {
			// without this, at a high rate every short wait left a wake-up behind for a whole window: thousands
			// of them on the scheduler, each looked at again on every new one
			this.roomWakeUp.cancel(false);
			this.roomWakeUp = null;
		}
		this.roomWait = false;
		this.roomWaitOver = false;
		if (this.outage != null) {
			this.outage.retryNow = false;
		}
		return asked;
	}

	/**
	 * Ends a wait one batch window from now. The wake-up itself ends it, rather than a look at the clock, so that a
	 * clock that does not move (a test's fixed clock) delays nothing forever.
	 */
	private ScheduledFuture<?> wakeUpAfterWindow(Runnable end) {
		this.wakeUps.removeIf(ScheduledFuture::isDone);
		ScheduledFuture<?> wakeUp = this.scheduler.schedule(() -> {
			synchronized (this) {
				end.run();
			}
			pump();
		}, this.clock.instant().plus(this.window));
		this.wakeUps.add(wakeUp);
		return wakeUp;
	}

	private void send(int asked, boolean shortPoll) {
		ReceiveMessageRequest.Builder builder = this.request.toBuilder().maxNumberOfMessages(asked);
		if (shortPoll) {
			builder.waitTimeSeconds(0);
		}
		Instant sentAt = this.clock.instant();
		this.sqs.receiveMessage(builder.build()).whenComplete((response, error) -> {
			if (error != null) {
				failed(asked, sentAt, error);
				return;
			}
			List<Message> messages = response.hasMessages() ? response.messages() : List.of();
			synchronized (this) {
				this.inFlight--;
				recovered();
				if (messages.isEmpty()) {
					this.fullInARow = 0;
					this.oldBacklog = false;
					// an empty short poll: the backlog is gone, so the next receive waits a window too, rather than
					// coming back with the first message that arrives
					if (shortPoll && !this.stopped && !this.window.isZero() && !this.windowWait) {
						this.windowWait = true;
						wakeUpAfterWindow(() -> this.windowWait = false);
					}
				}
				else if (messages.size() >= asked) {
					this.fullInARow++;
					if (this.fullInARow == 1) {
						this.oldBacklog = waitedLong(messages.get(0));
					}
				}
				else {
					this.fullInARow = 0;
					this.oldBacklog = false;
					// not after a stop: its scheduler may be gone, and what this receive brought must still be given
					// back below, or it would wait out its visibility timeout
					if (!this.stopped && !this.window.isZero() && !this.windowWait) {
						this.windowWait = true;
						wakeUpAfterWindow(() -> this.windowWait = false);
					}
				}
			}
			this.pipeline.received(asked, messages);
			pump();
		});
	}

	/**
	 * Whether a message was sent {@link #OLD} or longer ago, by its {@code SentTimestamp} and the listener's clock.
	 */
	private boolean waitedLong(Message message) {
		long sent = QueueActivity.sentMillis(message);
		return sent >= 0 && sent <= this.clock.millis() - OLD.toMillis();
	}

	/**
	 * Schedules the next receive after the back-off; logs the first failure of an outage.
	 */
	private void failed(int asked, Instant sentAt, Throwable error) {
		this.pipeline.received(asked, List.of());
		Duration delay;
		synchronized (this) {
			this.inFlight--;
			if (this.stopped) {
				logger.debug("Receive from queue '{}' failed after stop", this.queueName, error);
				return;
			}
			if (this.outage == null) {
				this.outage = new Outage(this.clock.instant());
				logger.warn("Cannot receive messages from queue '{}': {}. Retrying with back-off (up to every {} s) "
						+ "until the broker answers", this.queueName, BrokerErrors.describe(error),
						BrokerErrors.MAX_BACKOFF.toSeconds());
			}
			else {
				logger.debug("Receive from queue '{}' failed again", this.queueName, error);
			}
			Outage current = this.outage;
			current.failures++;
			// Receives in flight when the outage began fail together: each waits the first step, or the back-off
			// would reach its maximum at once and the worker resume long after the broker.
			int step = !sentAt.isAfter(current.since) ? 1 : ++current.steps;
			delay = BrokerErrors.BACKOFF.delay(step);
		}
		this.scheduler.schedule(() -> {
			synchronized (this) {
				if (this.outage != null) {
					this.outage.retryNow = true;
				}
			}
			pump();
		}, this.clock.instant().plus(delay));
	}

	private void recovered() {
		Outage ended = this.outage;
		if (ended != null) {
			this.outage = null;
			logger.info("Receiving messages from queue '{}' again, after {} s and {} failed receive(s)",
					this.queueName, String.format(Locale.ROOT, "%.1f",
							Duration.between(ended.since, this.clock.instant()).toMillis() / 1000.0),
					ended.failures);
		}
	}

	/**
	 * The queue's receives failing since an instant.
	 */
	private static final class Outage {

		private final Instant since;

		private int failures;

		/** Back-off steps taken: the first, then one per failed receive sent after the outage began. */
		private int steps = 1;

		/** The back-off ended: one receive may go. */
		private boolean retryNow;

		Outage(Instant since) {
			this.since = since;
		}

	}

}
