package io.github.sqstasks.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One in-memory queue: its messages, their visibility, and the receives waiting for them; all state is guarded by
 * the queue's monitor.
 */
final class MemoryQueue {

	final String name;

	final String url;

	final String arn;

	final long createdMillis;

	private final QueueEnvironment environment;

	private final MessageOrder order;

	private final Map<String, StoredMessage> byId = new HashMap<>();

	private final Deduplication deduplication = new Deduplication();

	private final LongPolls longPolls;

	private final String handleTag = Long.toHexString(ThreadLocalRandom.current().nextLong());

	private QueueSettings settings;

	private long lastModifiedMillis;

	private long nextPosition;

	private long nextSequenceNumber;

	private long handleCounter;

	private long lastPurgeMillis = Long.MIN_VALUE;

	MemoryQueue(String name, String url, String arn, QueueSettings settings, QueueEnvironment environment) {
		this.name = name;
		this.url = url;
		this.arn = arn;
		this.settings = settings;
		this.environment = environment;
		this.order = settings.fifo() ? new FifoOrder() : new StandardOrder();
		this.createdMillis = environment.clock().millis();
		this.lastModifiedMillis = this.createdMillis;
		this.longPolls = new LongPolls(this, environment);
	}

	synchronized QueueSettings settings() {
		return this.settings;
	}

	synchronized long lastModifiedMillis() {
		return this.lastModifiedMillis;
	}

	synchronized void updateSettings(QueueSettings settings) {
		this.settings = settings;
		this.lastModifiedMillis = now();
	}

	SendResult send(OutgoingMessage message) {
		SendResult result;
		synchronized (this) {
			result = this.settings.fifo() ? sendFifo(message) : sendStandard(message);
		}
		this.longPolls.serve();
		return result;
	}

	private SendResult sendStandard(OutgoingMessage message) {
		if (message.deduplicationId() != null) {
			throw SqsErrors.invalidParameter("The request includes a parameter that is not valid for this queue "
					+ "type: MessageDeduplicationId is only valid for FIFO queues (queue " + this.name + ").");
		}
		int delay = message.delaySeconds() == null ? this.settings.delaySeconds()
				: Limits.checkRange("DelaySeconds", message.delaySeconds(), 0, Limits.MAX_DELAY_SECONDS);
		return enqueue(message, null, delay);
	}

	private SendResult sendFifo(OutgoingMessage message) {
		if (message.groupId() == null || message.groupId().isEmpty()) {
			throw SqsErrors.missingParameter("MessageGroupId");
		}
		if (message.delaySeconds() != null && message.delaySeconds() != 0) {
			throw SqsErrors.invalidParameter("Value " + message.delaySeconds() + " for parameter DelaySeconds is "
					+ "invalid. Reason: The request include parameter that is not valid for this queue type "
					+ "(FIFO queue " + this.name + " only has a queue-level delay).");
		}
		String deduplicationId = message.deduplicationId();
		if (deduplicationId == null) {
			if (!this.settings.contentBasedDeduplication()) {
				throw SqsErrors.invalidParameter("The queue " + this.name + " should either have "
						+ "ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly.");
			}
			deduplicationId = Digests.sha256Hex(message.body());
		}
		long now = now();
		Deduplication.Accepted earlier = this.deduplication.find(deduplicationId, now);
		if (earlier != null) {
			return result(earlier.messageId(), message, earlier.sequenceNumber());
		}
		String sequenceNumber = Ids.sequenceNumber(++this.nextSequenceNumber);
		SendResult result = enqueue(message, sequenceNumber, this.settings.delaySeconds());
		this.deduplication.remember(deduplicationId, result.messageId(), sequenceNumber, now);
		return result;
	}

	private SendResult enqueue(OutgoingMessage message, @Nullable String sequenceNumber, int delaySeconds) {
		SendResult result = result(Ids.messageId(), message, sequenceNumber);
		StoredMessage.Content content = new StoredMessage.Content(result.messageId(), message.body(),
				result.md5OfBody(), Map.copyOf(message.attributes()), result.md5OfAttributes(),
				Map.copyOf(message.systemAttributes()), message.groupId(), this.settings.fifo()
						? (message.deduplicationId() == null ? Digests.sha256Hex(message.body())
								: message.deduplicationId()) : null);
		long now = now();
		StoredMessage stored = new StoredMessage(content, now, sequenceNumber, null, this.nextPosition++);
		stored.visibleAt = now + delaySeconds * 1000L;
		add(stored);
		return result;
	}

	private static SendResult result(String messageId, OutgoingMessage message, @Nullable String sequenceNumber) {
		return new SendResult(messageId, Digests.md5Hex(message.body()), Digests.md5OfAttributes(message.attributes()),
				Digests.md5OfSystemAttributes(message.systemAttributes()), sequenceNumber);
	}

	private void add(StoredMessage message) {
		this.byId.put(message.id, message);
		this.order.add(message);
	}

	/** Receives now, or registers a long poll when nothing is receivable and the request may wait. */
	CompletableFuture<List<Message>> receive(ReceiveParams params) {
		List<StoredMessage> deadLetters = new ArrayList<>();
		CompletableFuture<List<Message>> result;
		synchronized (this) {
			List<Message> messages = take(params, deadLetters);
			result = (messages.isEmpty() && params.waitSeconds() > 0) ? this.longPolls.register(params)
					: CompletableFuture.completedFuture(messages);
		}
		forwardDeadLetters(deadLetters);
		return result;
	}

	/** Hands out up to {@code params.maxMessages()} messages; call with the monitor held. */
	List<Message> take(ReceiveParams params, List<StoredMessage> deadLetters) {
		long now = now();
		RedrivePolicy redrive = this.settings.redrivePolicy();
		boolean canDeadLetter = redrive != null && this.environment.queuesByArn()
			.apply(redrive.deadLetterTargetArn()) != null;
		Set<String> groupsTaken = this.settings.fifo() ? new HashSet<>() : Set.of();
		List<StoredMessage> taken = new ArrayList<>();
		while (taken.size() < params.maxMessages()) {
			StoredMessage message = this.order.next(now, groupsTaken);
			if (message == null) {
				break;
			}
			if (now - message.sentTimestamp >= this.settings.retentionMillis()) {
				remove(message);
			}
			else if (canDeadLetter && message.receiveCount >= redrive.maxReceiveCount()) {
				remove(message);
				deadLetters.add(message);
			}
			else {
				markReceived(message, now, groupsTaken);
				taken.add(message);
			}
		}
		return finishReceive(taken, now, params);
	}

	private void markReceived(StoredMessage message, long now, Set<String> groupsTaken) {
		message.receiveCount++;
		if (message.firstReceiveTimestamp == 0) {
			message.firstReceiveTimestamp = now;
		}
		message.lastReceiveTimestamp = now;
		message.receiptHandle = this.handleTag + ":" + message.id + ":" + (++this.handleCounter);
		// Hidden for the rest of this call, so a zero visibility timeout cannot hand it out twice in one response.
		message.visibleAt = Long.MAX_VALUE;
		if (message.groupId != null && this.settings.fifo()) {
			groupsTaken.add(message.groupId);
		}
	}

	private List<Message> finishReceive(List<StoredMessage> taken, long now, ReceiveParams params) {
		List<Message> messages = new ArrayList<>(taken.size());
		for (StoredMessage message : taken) {
			this.order.beforeVisibilityChange(message);
			message.visibleAt = now + params.visibilitySeconds() * 1000L;
			this.order.reschedule(message);
			messages.add(MessageFormat.toSdk(message, params));
		}
		return messages;
	}

	void remove(StoredMessage message) {
		this.byId.remove(message.id);
		this.order.remove(message);
	}

	void forwardDeadLetters(List<StoredMessage> deadLetters) {
		if (deadLetters.isEmpty()) {
			return;
		}
		RedrivePolicy redrive = settings().redrivePolicy();
		MemoryQueue target = redrive == null ? null
				: this.environment.queuesByArn().apply(redrive.deadLetterTargetArn());
		if (target == null) {
			// The target vanished between the check and now; keep the messages rather than lose them.
			target = this;
		}
		target.accept(deadLetters, this.arn, true);
	}

	/** Adds messages coming from another queue, keeping their ids and content. */
	void accept(List<StoredMessage> messages, @Nullable String sourceArn, boolean keepReceiveCount) {
		synchronized (this) {
			long now = now();
			for (StoredMessage from : messages) {
				String sequenceNumber = this.settings.fifo() ? Ids.sequenceNumber(++this.nextSequenceNumber)
						: null;
				StoredMessage copy = new StoredMessage(from.content(), from.sentTimestamp, sequenceNumber, sourceArn,
						this.nextPosition++);
				if (keepReceiveCount) {
					copy.receiveCount = from.receiveCount;
					copy.firstReceiveTimestamp = from.firstReceiveTimestamp;
				}
				copy.visibleAt = now;
				add(copy);
			}
		}
		this.longPolls.serve();
	}

	long now() {
		return this.environment.clock().millis();
	}

	LongPolls longPolls() {
		return this.longPolls;
	}

	/** Finds the message a receipt handle names, or {@code null} for a handle of another queue or no handle. */
	@Nullable String messageIdOf(String receiptHandle) {
		String[] parts = receiptHandle.split(":", -1);
		return (parts.length == 3 && parts[0].equals(this.handleTag)) ? parts[1] : null;
	}

	MessageOrder order() {
		return this.order;
	}

	Map<String, StoredMessage> messages() {
		return this.byId;
	}

	long purge() {
		synchronized (this) {
			long now = now();
			if (this.lastPurgeMillis != Long.MIN_VALUE && now - this.lastPurgeMillis < Limits.PURGE_INTERVAL_MILLIS) {
				throw SqsErrors.purgeInProgress(this.name);
			}
			this.lastPurgeMillis = now;
			long count = this.byId.size();
			this.byId.clear();
			this.order.clear();
			return count;
		}
	}

	/** Removes every message, without the 60-second purge limit; for test set-up. */
	synchronized void clear() {
		this.byId.clear();
		this.order.clear();
	}

}
