package io.github.sqstasks.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Reads a queue's messages without changing them: the approximate counts and the snapshots tests look at.
 */
final class QueueInspector {

	private QueueInspector() {
	}

	/** The three approximate counts, by attribute name. */
	static Map<String, String> counts(MemoryQueue queue) {
		long visible = 0;
		long inFlight = 0;
		long delayed = 0;
		synchronized (queue) {
			long now = queue.now();
			for (StoredMessage message : queue.messages().values()) {
				switch (message.state(now)) {
					case VISIBLE -> visible++;
					case IN_FLIGHT -> inFlight++;
					case DELAYED -> delayed++;
				}
			}
		}
		Map<String, String> counts = new LinkedHashMap<>();
		counts.put("ApproximateNumberOfMessages", Long.toString(visible));
		counts.put("ApproximateNumberOfMessagesNotVisible", Long.toString(inFlight));
		counts.put("ApproximateNumberOfMessagesDelayed", Long.toString(delayed));
		return counts;
	}

	/** Every message of the queue in the order it was sent. */
	static List<QueuedMessage> snapshot(MemoryQueue queue) {
		List<QueuedMessage> snapshot = new ArrayList<>();
		synchronized (queue) {
			long now = queue.now();
			List<StoredMessage> messages = new ArrayList<>(queue.messages().values());
			messages.sort(Comparator.comparingLong(message -> message.position));
			for (StoredMessage message : messages) {
				snapshot.add(view(message, now));
			}
		}
		return List.copyOf(snapshot);
	}

	private static QueuedMessage view(StoredMessage message, long now) {
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		for (Map.Entry<String, MessageAttributeValue> attribute : message.attributes.entrySet()) {
			MessageAttributeValue value = attribute.getValue();
			values.put(attribute.getKey(), value.binaryValue() != null
					? Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()) : value.stringValue());
			types.put(attribute.getKey(), value.dataType());
		}
		return new QueuedMessage(message.id, message.body, Map.copyOf(values), Map.copyOf(types),
				message.receiveCount, message.state(now), Instant.ofEpochMilli(message.sentTimestamp),
				Instant.ofEpochMilli(message.visibleAt), message.groupId);
	}

	/** Removes and returns the messages receivable now, for a message move task. */
	static List<StoredMessage> drainVisible(MemoryQueue queue) {
		List<StoredMessage> drained = new ArrayList<>();
		synchronized (queue) {
			long now = queue.now();
			List<StoredMessage> messages = new ArrayList<>(queue.messages().values());
			messages.sort(Comparator.comparingLong(message -> message.position));
			for (StoredMessage message : messages) {
				if (message.state(now) == MessageState.VISIBLE) {
					queue.remove(message);
					drained.add(message);
				}
			}
		}
		return drained;
	}

}
