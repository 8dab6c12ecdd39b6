package io.github.sqstasks.deadletter;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One call of {@link DeadLetterQueues#processInPlace}: tries each message of a dead-letter queue at most once.
 *
 * <p>A message that fails becomes visible again after the receive's visibility timeout; in a pass longer than that,
 * receiving until the queue looks empty would meet the failed messages again and never end. The pass remembers the
 * ids it tried instead, and ends at the first receive that brings nothing new (unless it was full), or once it has
 * tried as many messages as the queue held at the start plus {@link #MARGIN}, which also bounds what it remembers.
 * Messages received again are kept hidden until the end, so that they do not crowd out untried ones, and are then
 * made visible at once.
 */
final class InPlacePass {

	/** Messages tried beyond the depth at the start: dead letters that arrive during the pass. */
	static final int MARGIN = 100;

	private static final Logger logger = LoggerFactory.getLogger(InPlacePass.class);

	private final SqsAsyncClient sqs;

	private final MessageCopier copier;

	private final String url;

	private final Predicate<Message> handler;

	private final long limit;

	private final Set<String> tried = new HashSet<>();

	/** Receipt handles of the messages received but not tried, by id: the latest receive's, which is valid. */
	private final Map<String, String> notTried = new LinkedHashMap<>();

	private int succeeded;

	private int failed;

	/**
	 * Creates a pass.
	 * @param handler runs the handler of a message; {@code true} when it succeeded (the pass then deletes it)
	 */
	InPlacePass(SqsAsyncClient sqs, MessageCopier copier, String url, long depthAtStart, Predicate<Message> handler) {
		this.sqs = sqs;
		this.copier = copier;
		this.url = url;
		this.handler = handler;
		this.limit = depthAtStart + MARGIN;
	}

	InPlaceResult run(String queue, String deadLetterQueue) {
		try {
			int idleReceives = 0;
			while (this.tried.size() < this.limit) {
				List<Message> batch = this.copier.receive(this.url);
				if (tryNew(batch)) {
					idleReceives = 0;
					continue;
				}
				// A full batch of tried messages may hide untried ones behind it; they are hidden now, so look once
				// more, as many times as it takes to hide every tried message, and no more.
				idleReceives++;
				if (batch.size() < MessageCopier.MAX_RECEIVE || idleReceives > this.limit / MessageCopier.MAX_RECEIVE) {
					break;
				}
			}
			if (this.tried.size() >= this.limit) {
				logger.info("Stopped processing dead-letter queue '{}' in place after {} message(s), its depth at the "
						+ "start plus {}; call processInPlace again for the rest", deadLetterQueue, this.tried.size(),
						MARGIN);
			}
		}
		finally {
			giveBack();
		}
		return new InPlaceResult(queue, deadLetterQueue, this.succeeded, this.failed);
	}

	private boolean tryNew(List<Message> batch) {
		boolean triedSome = false;
		for (Message message : batch) {
			if (this.tried.size() >= this.limit || !this.tried.add(message.messageId())) {
				this.notTried.put(message.messageId(), message.receiptHandle());
				continue;
			}
			triedSome = true;
			if (this.handler.test(message)) {
				this.sqs.deleteMessage((r) -> r.queueUrl(this.url).receiptHandle(message.receiptHandle())).join();
				this.succeeded++;
			}
			else {
				this.failed++;
			}
		}
		return triedSome;
	}

	private void giveBack() {
		this.notTried.forEach((id, receiptHandle) -> {
			try {
				this.sqs.changeMessageVisibility((r) -> r.queueUrl(this.url)
					.receiptHandle(receiptHandle)
					.visibilityTimeout(0)).join();
			}
			catch (CompletionException ex) {
				// It becomes visible anyway when the receive's visibility timeout ends.
				logger.debug("Could not make message {} of {} visible again: {}", id, this.url,
						ex.getCause().getMessage());
			}
		});
	}

}
