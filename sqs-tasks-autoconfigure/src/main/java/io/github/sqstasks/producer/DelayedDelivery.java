package io.github.sqstasks.producer;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Carries out delays longer than the 15 minutes SQS applies itself, on the consuming side.
 *
 * <p>A task sent with a longer delay, or with a delivery time more than 15 minutes ahead, goes out with the longest
 * native delay and its delivery time in its {@code JobContext} attribute under the reserved key
 * {@value #NOT_BEFORE_KEY} (milliseconds since the epoch, as a string). The wire format allows no attribute of its own
 * for it. Before dispatching a message, a consumer calls {@link #deferIfNotDue(String, Message)}: a message that is
 * early is sent again with the next hop of delay (at most 15 minutes) and the same body and attributes, and the
 * consumer deletes the received copy instead of running it. Handlers never see the reserved key: consumers remove it
 * with {@link #withoutReservedKeys(TaskContext)}. A consumer that does not know the key (an older or foreign one)
 * runs the task early, after the first 15 minutes.
 */
public final class DelayedDelivery {

	/** The {@code JobContext} key that holds the delivery time, in milliseconds since the epoch. */
	public static final String NOT_BEFORE_KEY = "_sqs_tasks_not_before";

	private static final Logger logger = LoggerFactory.getLogger(DelayedDelivery.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final SqsAsyncClient sqs;

	private final Clock clock;

	/**
	 * Creates the helper.
	 * @param sqs the client that re-sends early messages
	 * @param clock the clock that tells whether a message is due
	 */
	public DelayedDelivery(SqsAsyncClient sqs, Clock clock) {
		this.sqs = sqs;
		this.clock = clock;
	}

	/**
	 * Returns the delivery time a message carries.
	 * @param message a received message, with its message attributes
	 * @return the time, or {@code null} when the message carries none (or its {@code JobContext} is not readable)
	 */
	public static @Nullable Instant notBefore(Message message) {
		MessageAttributeValue context = message.messageAttributes().get(WireFormat.JOB_CONTEXT);
		if (context == null || context.stringValue() == null || !context.stringValue().contains(NOT_BEFORE_KEY)) {
			return null;
		}
		try {
			JsonNode value = JSON.readTree(context.stringValue()).path(NOT_BEFORE_KEY);
			return value.isValueNode() ? Instant.ofEpochMilli(Long.parseLong(value.asText())) : null;
		}
		catch (JsonProcessingException | NumberFormatException ex) {
			logger.warn("Ignoring an unreadable {} in message {}: {}", NOT_BEFORE_KEY, message.messageId(),
					ex.getMessage());
			return null;
		}
	}

	/**
	 * Tells whether a message may run now.
	 * @param message a received message, with its message attributes
	 * @return {@code true} when it carries no delivery time or the time has come
	 */
	public boolean isDue(Message message) {
		Instant notBefore = notBefore(message);
		return notBefore == null || !this.clock.instant().isBefore(notBefore);
	}

	/**
	 * Sends an early message again with the next hop of delay, min(remaining, 15 minutes), and the same body and
	 * message attributes; does nothing to a message that is due.
	 * @param queueUrl the URL of the queue the message came from
	 * @param message a received message, with its message attributes
	 * @return {@code true} when the message was early and has been sent again: the caller must then delete the
	 * received copy and not run it; {@code false} when it is due and should run
	 * @throws JobSendException when the re-send fails; the caller should leave the received copy to be retried
	 */
	public boolean deferIfNotDue(String queueUrl, Message message) {
		Instant notBefore = notBefore(message);
		if (notBefore == null) {
			return false;
		}
		Delay hop = Delay.until(notBefore.toEpochMilli(), this.clock.instant());
		if (!hop.isDelayed()) {
			return false;
		}
		try {
			this.sqs.sendMessage((request) -> request.queueUrl(queueUrl)
				.messageBody(message.body())
				.messageAttributes(copyAttributes(message))
				.delaySeconds(hop.seconds())).join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JobSendException("Could not defer message " + message.messageId() + " on " + queueUrl
					+ " until " + notBefore + ": " + cause.getMessage() + ". It stays in the queue and is retried.",
					cause);
		}
		logger.debug("Message {} on {} is due at {}: sent again with a delay of {} s", message.messageId(), queueUrl,
				notBefore, hop.seconds());
		return true;
	}

	/**
	 * Returns a context without the keys this library reserves, as handlers should see it.
	 * @param context a context decoded from {@code JobContext}
	 * @return the context without {@value #NOT_BEFORE_KEY}
	 */
	public static TaskContext withoutReservedKeys(TaskContext context) {
		return MessageDecoder.withoutReservedKeys(context);
	}

	private static Map<String, MessageAttributeValue> copyAttributes(Message message) {
		Map<String, MessageAttributeValue> copy = new LinkedHashMap<>();
		message.messageAttributes().forEach((name, value) -> copy.put(name, MessageAttributeValue.builder()
			.dataType(value.dataType())
			.stringValue(value.stringValue())
			.binaryValue(value.binaryValue())
			.build()));
		return copy;
	}

}
