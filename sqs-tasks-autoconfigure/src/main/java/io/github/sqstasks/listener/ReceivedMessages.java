package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Received messages from the moment their receive returns until a handler takes them: their visibility is renewed
 * meanwhile, and a stop gives back at once those no handler took.
 *
 * <p>Ours because Spring Cloud AWS hands a message to the listener only when a thread of its pool is free. With a pool
 * of {@code concurrency} threads, the prefetched messages wait in the pool's queue, where nothing would renew their
 * visibility (a long handler ahead of them would let them reappear on another worker) and a stop would keep them until
 * their visibility timeout ran out. The heartbeat started here is the one the handler's message keeps: the listener
 * {@link #claim claims} it.
 */
final class ReceivedMessages {

	private static final Logger logger = LoggerFactory.getLogger(ReceivedMessages.class);

	private static final int WAITING = 0;

	private static final int CLAIMED = 1;

	private static final int GIVEN_BACK = 2;

	private final SqsAsyncClient sqs;

	private final VisibilityHeartbeat heartbeat;

	private final Map<String, QueueSettings> queues = new ConcurrentHashMap<>();

	private final Map<String, Duration> queueTimeouts = new ConcurrentHashMap<>();

	private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

	ReceivedMessages(SqsAsyncClient sqs, VisibilityHeartbeat heartbeat) {
		this.sqs = sqs;
		this.heartbeat = heartbeat;
	}

	/**
	 * Registers a queue whose received messages are to be kept invisible until a handler takes them.
	 * @param queueUrl the queue's URL, as in its receives
	 * @param settings its settings
	 */
	void register(String queueUrl, QueueSettings settings) {
		this.queues.put(queueUrl, settings);
	}

	/**
	 * Records a queue's own visibility timeout, used unless its settings set one.
	 * @param queueUrl the queue's URL
	 * @param timeout the timeout from its attributes
	 */
	void queueVisibilityTimeout(String queueUrl, Duration timeout) {
		this.queueTimeouts.put(queueUrl, timeout);
	}

	/**
	 * Starts renewing the visibility of messages just received, before they are handed to the container.
	 * @param queueUrl their queue
	 * @param messages the messages
	 */
	void received(String queueUrl, List<Message> messages) {
		QueueSettings settings = this.queues.get(queueUrl);
		if (settings == null) {
			return;
		}
		Duration timeout = (settings.visibilityTimeout() != null) ? settings.visibilityTimeout()
				: this.queueTimeouts.get(queueUrl);
		if (timeout == null) {
			return;
		}
		for (Message message : messages) {
			String receiptHandle = message.receiptHandle();
			VisibilityHeartbeat.Beat beat = this.heartbeat.startWaiting(
					(seconds) -> this.sqs.changeMessageVisibility(
							(r) -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds)),
					timeout, settings.maxProcessingTime(),
					"message " + message.messageId() + " on queue '" + settings.queue() + "'");
			this.waiting.put(receiptHandle, new Waiting(queueUrl, beat));
		}
	}

	/**
	 * Stops renewing messages that were received but never handed to the container (it was stopping).
	 * @param messages the messages
	 */
	void forget(List<Message> messages) {
		for (Message message : messages) {
			Waiting entry = this.waiting.remove(message.receiptHandle());
			if (entry != null) {
				entry.beat.stop();
			}
		}
	}

	/**
	 * Returns how many received messages wait for a handler (prefetched, or on their way to the listener).
	 * @return the count
	 */
	int waiting() {
		return (int) this.waiting.values().stream().filter((entry) -> entry.state.get() == WAITING).count();
	}

	/**
	 * Takes over a message's heartbeat, for its handler.
	 * @param message the message
	 * @return its heartbeat; an empty result when none was started here (the caller starts one); {@code null} when the
	 * message was given back by a stop and must not be processed
	 */
	@Nullable Claim claim(Message message) {
		Waiting entry = this.waiting.remove(message.receiptHandle());
		if (entry == null) {
			return new Claim(null);
		}
		if (!entry.state.compareAndSet(WAITING, CLAIMED)) {
			return null;
		}
		// Claimed by the thread that runs its handler: max-processing-time counts from now, not from the receive.
		entry.beat.handlerStarted();
		return new Claim(entry.beat);
	}

	/**
	 * Gives back at once (visibility 0) every message no handler has taken; a handler that gets one later skips it.
	 */
	void giveBackWaiting() {
		Map<String, List<String>> byQueue = new HashMap<>();
		this.waiting.forEach((receiptHandle, entry) -> {
			if (entry.state.compareAndSet(WAITING, GIVEN_BACK)) {
				entry.beat.stop();
				byQueue.computeIfAbsent(entry.queueUrl, (key) -> new ArrayList<>()).add(receiptHandle);
			}
		});
		byQueue.forEach((queueUrl, receiptHandles) -> giveBack(this.sqs, queueUrl, receiptHandles));
	}

	/**
	 * Makes messages visible again at once, in batches of 10.
	 * @param sqs the client
	 * @param queueUrl their queue
	 * @param receiptHandles their receipt handles
	 */
	static void giveBack(SqsAsyncClient sqs, String queueUrl, List<String> receiptHandles) {
		for (int from = 0; from < receiptHandles.size(); from += 10) {
			List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
			for (int i = from; i < Math.min(from + 10, receiptHandles.size()); i++) {
				entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id(Integer.toString(i - from))
					.receiptHandle(receiptHandles.get(i))
					.visibilityTimeout(0)
					.build());
			}
			sqs.changeMessageVisibilityBatch((r) -> r.queueUrl(queueUrl).entries(entries))
				.whenComplete((result, error) -> logger.debug("Gave back {} unprocessed message(s) on {}{}",
						entries.size(), queueUrl, (error != null) ? ": " + error : ""));
		}
	}

	/**
	 * A message's heartbeat taken over by its handler.
	 * @param beat the heartbeat, or {@code null} when none was started on receive
	 */
	record Claim(VisibilityHeartbeat.@Nullable Beat beat) {
	}

	private static final class Waiting {

		private final String queueUrl;

		private final VisibilityHeartbeat.Beat beat;

		private final AtomicInteger state = new AtomicInteger(WAITING);

		Waiting(String queueUrl, VisibilityHeartbeat.Beat beat) {
			this.queueUrl = queueUrl;
			this.beat = beat;
		}

	}

}
