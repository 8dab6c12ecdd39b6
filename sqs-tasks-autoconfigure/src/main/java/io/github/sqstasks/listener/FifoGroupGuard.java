package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Keeps a FIFO message group in order across retries: once a message of a group is put back for a retry, later
 * messages of that group received with it are not processed but given back, until the failed message comes again.
 *
 * <p>Needed because Spring Cloud AWS's ordered sink only stops a group when the listener fails, and ours never
 * does (it handles failures itself). SQS blocks the group while the failed message is in flight, so the messages
 * given back return after it. A block also expires, in case SQS moves the failed message to a dead-letter queue
 * without this worker seeing it again.
 */
final class FifoGroupGuard {

	private final Map<String, Block> blocked = new ConcurrentHashMap<>();

	/**
	 * Tells whether a message may be processed now, and lifts the block when it is the message that caused it.
	 * @param groupId the message's group, or {@code null} outside FIFO queues
	 * @param messageId the message's id
	 * @return {@code false} when the message must be given back
	 */
	boolean admit(@Nullable String groupId, String messageId) {
		if (groupId == null) {
			return true;
		}
		Block block = this.blocked.get(groupId);
		if (block == null) {
			return true;
		}
		if (block.messageId().equals(messageId) || System.nanoTime() - block.expiresAtNanos() > 0) {
			this.blocked.remove(groupId, block);
			return true;
		}
		return false;
	}

	/**
	 * Blocks a group behind a message put back for a retry.
	 * @param groupId the group, or {@code null} outside FIFO queues
	 * @param messageId the failed message
	 * @param retryIn when it becomes visible again
	 * @param margin how much longer to keep the block (the visibility timeout of its next receive)
	 */
	void block(@Nullable String groupId, String messageId, Duration retryIn, Duration margin) {
		if (groupId != null) {
			this.blocked.put(groupId, new Block(messageId, System.nanoTime() + retryIn.plus(margin).toNanos()));
		}
	}

	/**
	 * Lifts a group's block when its message is gone (deleted or dead-lettered).
	 * @param groupId the group, or {@code null}
	 * @param messageId the message
	 */
	void release(@Nullable String groupId, String messageId) {
		if (groupId != null) {
			this.blocked.computeIfPresent(groupId, (group, block) -> block.messageId().equals(messageId) ? null : block);
		}
	}

	private record Block(String messageId, long expiresAtNanos) {
	}

}
