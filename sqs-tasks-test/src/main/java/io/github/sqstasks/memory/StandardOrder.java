package io.github.sqstasks.memory;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Orders a standard queue's messages by the time they become visible, then by the order they were sent.
 */
final class StandardOrder implements MessageOrder {

	private final TreeSet<StoredMessage> byVisibility = new TreeSet<>(
			Comparator.comparingLong((StoredMessage message) -> message.visibleAt)
				.thenComparingLong(message -> message.position));

	@Override
	public void add(StoredMessage message) {
		this.byVisibility.add(message);
	}

	@Override
	public @Nullable StoredMessage next(long now, Set<String> groupsTaken) {
		StoredMessage first = this.byVisibility.isEmpty() ? null : this.byVisibility.first();
		if (first == null || first.visibleAt > now) {
			return null;
		}
		this.byVisibility.pollFirst();
		return first;
	}

	@Override
	public void beforeVisibilityChange(StoredMessage message) {
		this.byVisibility.remove(message);
	}

	@Override
	public void reschedule(StoredMessage message) {
		this.byVisibility.add(message);
	}

	@Override
	public void remove(StoredMessage message) {
		this.byVisibility.remove(message);
	}

	@Override
	public long nextVisibleAt(long now) {
		StoredMessage next = this.byVisibility.ceiling(probe(now + 1));
		return next == null ? Long.MAX_VALUE : next.visibleAt;
	}

	private static StoredMessage probe(long visibleAt) {
		StoredMessage.Content content = new StoredMessage.Content("", "", "", Map.of(), null,
				Map.of(), null, null);
		StoredMessage probe = new StoredMessage(content, 0, null, null, Long.MIN_VALUE);
		probe.visibleAt = visibleAt;
		return probe;
	}

	@Override
	public void clear() {
		this.byVisibility.clear();
	}

}
