package io.github.sqstasks.memory;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Orders a FIFO queue's messages by message group: each group in send order, and a group with a message in flight
 * gives nothing more until that message is deleted or visible again.
 */
final class FifoOrder implements MessageOrder {

	private final Map<String, ArrayDeque<StoredMessage>> groups = new LinkedHashMap<>();

	@Override
	public void add(StoredMessage message) {
		this.groups.computeIfAbsent(groupOf(message), key -> new ArrayDeque<>()).addLast(message);
	}

	@Override
	public @Nullable StoredMessage next(long now, Set<String> groupsTaken) {
		for (Map.Entry<String, ArrayDeque<StoredMessage>> group : this.groups.entrySet()) {
			StoredMessage candidate = nextInGroup(group.getValue(), now, groupsTaken.contains(group.getKey()));
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Walks a group from its head: messages in flight block it unless this receive call put them in flight itself,
	 * and a delayed head holds back everything behind it.
	 */
	private static @Nullable StoredMessage nextInGroup(ArrayDeque<StoredMessage> group, long now,
			boolean takenByThisCall) {
		if (!takenByThisCall && hasInFlight(group, now)) {
			return null;
		}
		for (StoredMessage message : group) {
			if (message.visibleAt <= now) {
				return message;
			}
			if (!message.inFlight(now)) {
				return null;
			}
		}
		return null;
	}

	private static boolean hasInFlight(ArrayDeque<StoredMessage> group, long now) {
		// Only a prefix of a group has ever been received, so the walk stops at the first unreceived message.
		for (StoredMessage message : group) {
			if (message.receiveCount == 0) {
				return false;
			}
			if (message.inFlight(now)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void beforeVisibilityChange(StoredMessage message) {
		// Group order does not depend on visibility.
	}

	@Override
	public void reschedule(StoredMessage message) {
		// Group order does not depend on visibility.
	}

	@Override
	public void remove(StoredMessage message) {
		String key = groupOf(message);
		ArrayDeque<StoredMessage> group = this.groups.get(key);
		if (group != null && group.remove(message) && group.isEmpty()) {
			this.groups.remove(key);
		}
	}

	@Override
	public long nextVisibleAt(long now) {
		long next = Long.MAX_VALUE;
		for (ArrayDeque<StoredMessage> group : this.groups.values()) {
			Iterator<StoredMessage> messages = group.iterator();
			while (messages.hasNext()) {
				StoredMessage message = messages.next();
				if (message.visibleAt > now) {
					next = Math.min(next, message.visibleAt);
				}
			}
		}
		return next;
	}

	@Override
	public void clear() {
		this.groups.clear();
	}

	private static String groupOf(StoredMessage message) {
		return message.groupId == null ? "" : message.groupId;
	}

}
