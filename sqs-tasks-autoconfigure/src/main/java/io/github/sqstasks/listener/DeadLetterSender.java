package io.github.sqstasks.listener;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.ToIntFunction;

import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Copies a failed message to a dead-letter queue with the reason it failed.
 *
 * <p>SQS's own redrive keeps no reason, so the library moves messages itself when it gives up on them; the reason
 * goes in one extra attribute, and only when the message has fewer than SQS's 10 attributes. The reason never costs
 * the move: it is cut to the room the message leaves under the queue's size limit, left out when there is none, and
 * left out when the queue refuses the copy with it.
 */
final class DeadLetterSender {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterSender.class);

	private static final int MAX_ATTRIBUTES = 10;

	private static final String STRING = "String";

	private static final long REASON_OVERHEAD = utf8Length(WireFormat.FAILURE_REASON) + utf8Length(STRING);

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	private ToIntFunction<String> maxMessageBytes = (queue) -> MessageCopy.MAX_MESSAGE_BYTES;

	DeadLetterSender(SqsAsyncClient sqs, QueueResolver queues) {
		this.sqs = sqs;
		this.queues = queues;
	}

	/**
	 * Sets the size limit of a queue, by name without prefix; 1 MiB, SQS's limit, when unset.
	 */
	void setMaxMessageBytes(ToIntFunction<String> maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	void send(String deadLetterQueue, Message message, String reason) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
		// A message moved back from a dead-letter queue keeps its old reason: the new one replaces it.
		attributes.remove(WireFormat.FAILURE_REASON);
		String fitted = fit(deadLetterQueue, message, attributes, reason);
		if (fitted == null) {
			this.sqs.sendMessage(MessageCopy.to(this.queues, deadLetterQueue, message, attributes)).join();
			return;
		}
		Map<String, MessageAttributeValue> withReason = new LinkedHashMap<>(attributes);
		withReason.put(WireFormat.FAILURE_REASON,
				MessageAttributeValue.builder().dataType(STRING).stringValue(fitted).build());
		try {
			this.sqs.sendMessage(MessageCopy.to(this.queues, deadLetterQueue, message, withReason)).join();
		}
		catch (CompletionException ex) {
			if (!refusesContent(ex.getCause())) {
				throw ex;
			}
			// The queue's own limit may be below the configured one; the copy without the reason is no larger than
			// the message the source queue accepted.
			logger.warn("Dead-letter queue '{}' refused message {} with its {} attribute ({}); moving it without",
					deadLetterQueue, message.messageId(), WireFormat.FAILURE_REASON, ex.getCause().getMessage());
			this.sqs.sendMessage(MessageCopy.to(this.queues, deadLetterQueue, message, attributes)).join();
		}
	}

	private @Nullable String fit(String deadLetterQueue, Message message, Map<String, MessageAttributeValue> attributes,
			String reason) {
		if (attributes.size() >= MAX_ATTRIBUTES) {
			return null;
		}
		int limit = this.maxMessageBytes.applyAsInt(deadLetterQueue);
		long room = limit - MessageCopy.size(message.body(), attributes) - REASON_OVERHEAD;
		String fitted = FailureReasons.fit(reason, room);
		boolean cutForSize = room < FailureReasons.MAX_BYTES
				&& (fitted == null || fitted.endsWith(FailureReasons.TRUNCATED));
		if (cutForSize && !reason.isEmpty()) {
			logger.warn("{} the failure reason of message {} in dead-letter queue '{}': the message leaves {} byte(s) "
					+ "of the queue's size limit, {} bytes, for it", (fitted != null) ? "Cut" : "Left out",
					message.messageId(), deadLetterQueue, Math.max(room, 0), limit);
		}
		return fitted;
	}

	private static boolean refusesContent(@Nullable Throwable error) {
		if (!(error instanceof SqsException sqsError) || sqsError.awsErrorDetails() == null) {
			return false;
		}
		String code = String.valueOf(sqsError.awsErrorDetails().errorCode());
		// SQS and the in-memory SQS: InvalidParameterValue for the size; ElasticMQ: MessageTooLong, and
		// InvalidAttributeValue for characters it refuses.
		return code.contains("InvalidParameterValue") || code.contains("MessageTooLong")
				|| code.contains("InvalidMessageContents") || code.contains("InvalidAttributeValue");
	}

	private static long utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
