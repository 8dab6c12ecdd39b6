package io.github.sqstasks.deadletter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Looks at the messages of a dead-letter queue without consuming them: receives them with a short visibility
 * timeout, keeps them hidden while it looks (so that a later receive brings other messages), and then makes them
 * visible again at once with {@code ChangeMessageVisibilityBatch}.
 *
 * <p>SQS has no way to read a message without receiving it: each look raises the message's receive count by one.
 * On a FIFO queue a receive returns messages of a group only while none of that group is hidden, so the browser sees
 * the first messages of each group (up to ten), not the ones behind them.
 */
final class DeadLetterBrowser {

	/** Seconds the messages stay hidden while the browser looks; it gives them back sooner, when it is done. */
	static final int VISIBILITY_TIMEOUT = 30;

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterBrowser.class);

	private final SqsAsyncClient sqs;

	DeadLetterBrowser(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Returns up to {@code max} distinct messages of the queue, in the order received, all visible again.
	 */
	List<Message> peek(String url, int max) {
		Map<String, Message> seen = new LinkedHashMap<>();
		try {
			receiveUntil(url, max, seen, null);
		}
		finally {
			giveBack(url, seen.values());
		}
		return new ArrayList<>(seen.values());
	}

	/**
	 * Returns the message with the given id, still hidden for the caller to delete, or {@code null} when it is not
	 * among the first {@code limit} messages received; every other message received is visible again.
	 */
	@Nullable Message find(String url, String messageId, int limit) {
		Map<String, Message> seen = new LinkedHashMap<>();
		Message found = null;
		try {
			found = receiveUntil(url, limit, seen, messageId);
		}
		finally {
			if (found != null) {
				seen.remove(messageId);
			}
			giveBack(url, seen.values());
		}
		return found;
	}

	/**
	 * Receives until {@code limit} distinct messages were seen, a receive brings nothing new, or the wanted message
	 * came; returns the wanted message, if it came.
	 */
	private @Nullable Message receiveUntil(String url, int limit, Map<String, Message> seen, @Nullable String wanted) {
		while (seen.size() < limit) {
			int room = Math.min(MessageCopier.MAX_RECEIVE, limit - seen.size());
			boolean sawNew = false;
			for (Message message : receive(url, room)) {
				// The latest receipt handle is the valid one: keep it even for a message seen before.
				sawNew |= seen.put(message.messageId(), message) == null;
			}
			if (wanted != null && seen.containsKey(wanted)) {
				return seen.get(wanted);
			}
			if (!sawNew) {
				return null;
			}
		}
		return null;
	}

	private List<Message> receive(String url, int max) {
		return this.sqs
			.receiveMessage((r) -> r.queueUrl(url)
				.maxNumberOfMessages(max)
				.waitTimeSeconds(0)
				.visibilityTimeout(VISIBILITY_TIMEOUT)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.join()
			.messages();
	}

	private void giveBack(String url, Iterable<Message> messages) {
		List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
		for (Message message : messages) {
			entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
				.id("m" + entries.size())
				.receiptHandle(message.receiptHandle())
				.visibilityTimeout(0)
				.build());
		}
		for (int from = 0; from < entries.size(); from += MessageCopier.MAX_RECEIVE) {
			List<ChangeMessageVisibilityBatchRequestEntry> batch = entries.subList(from,
					Math.min(from + MessageCopier.MAX_RECEIVE, entries.size()));
			try {
				this.sqs.changeMessageVisibilityBatch((r) -> r.queueUrl(url).entries(batch))
					.join()
					.failed()
					.forEach((failure) -> logger.debug("Could not make a message of {} visible again: {}", url,
							failure.message()));
			}
			catch (CompletionException ex) {
				// They become visible anyway when the receive's visibility timeout ends.
				logger.debug("Could not make {} message(s) of {} visible again: {}", batch.size(), url,
						ex.getCause().getMessage());
			}
		}
	}

}
