package io.github.sqstasks.memory;

/**
 * DeleteMessage and ChangeMessageVisibility on one queue, with the service's rules for stale receipt handles.
 */
final class ReceiptOperations {

	private ReceiptOperations() {
	}

	/**
	 * Deletes the message a receipt handle names; like SQS, a handle of an earlier receive, or of a message already
	 * deleted, is accepted and changes nothing.
	 */
	static void delete(MemoryQueue queue, String receiptHandle) {
		String messageId = queue.messageIdOf(receiptHandle);
		if (messageId == null) {
			throw SqsErrors.receiptHandleInvalid(receiptHandle);
		}
		synchronized (queue) {
			StoredMessage message = queue.messages().get(messageId);
			if (message != null && receiptHandle.equals(message.receiptHandle)) {
				queue.remove(message);
			}
		}
	}

	/** Changes how long a message in flight stays hidden; a stale handle or a visible message is refused. */
	static void changeVisibility(MemoryQueue queue, String receiptHandle, int seconds) {
		Limits.checkRange("VisibilityTimeout", seconds, 0, Limits.MAX_VISIBILITY_SECONDS);
		String messageId = queue.messageIdOf(receiptHandle);
		if (messageId == null) {
			throw SqsErrors.receiptHandleInvalid(receiptHandle);
		}
		synchronized (queue) {
			long now = queue.now();
			StoredMessage message = queue.messages().get(messageId);
			if (message == null || !receiptHandle.equals(message.receiptHandle) || !message.inFlight(now)) {
				throw SqsErrors.invalidParameter("Value " + receiptHandle + " for parameter ReceiptHandle is invalid. "
						+ "Reason: Message does not exist or is not available for visibility timeout change "
						+ "(queue " + queue.name + ").");
			}
			long visibleAt = now + seconds * 1000L;
			if (visibleAt - message.lastReceiveTimestamp > Limits.MAX_VISIBILITY_SECONDS * 1000L) {
				throw SqsErrors.invalidParameter("Value " + seconds + " for parameter VisibilityTimeout is invalid. "
						+ "Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].");
			}
			queue.order().beforeVisibilityChange(message);
			message.visibleAt = visibleAt;
			queue.order().reschedule(message);
		}
		queue.longPolls().serve();
	}

}
