package io.github.sqstasks.producer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.PoisonMessageException;
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
 *
 * <p>A producer can write the reserved key itself, so a consumer reads it strictly ({@link #dueTime(Message, boolean)}):
 * a value that is not a whole number of milliseconds, lies further ahead than the configured longest delay, or
 * appears on a FIFO queue (which cannot delay single messages, so the re-send would fail forever) makes the message
 * poison. Without that, such a message would bounce every 15 minutes, or loop outside the receive-count limit.
 */
public final class DelayedDelivery {

	/** The {@code JobContext} key that holds the delivery time, in milliseconds since the epoch. */
	public static final String NOT_BEFORE_KEY = "_sqs_tasks_not_before";

	private static final Logger logger = LoggerFactory.getLogger(DelayedDelivery.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The most digits of a delivery time: milliseconds up to the year 9999 have 15. */
	private static final int MAX_DIGITS = 15;

	private final SqsAsyncClient sqs;

	private final Clock clock;

	private final Duration maxDelay;

	/**
	 * Creates the helper with the default longest delay, {@link JobOptions#DEFAULT_MAX_DELAY}.
	 * @param sqs the client that re-sends early messages
	 * @param clock the clock that tells whether a message is due
	 */
	public DelayedDelivery(SqsAsyncClient sqs, Clock clock) {
		this(sqs, clock, JobOptions.DEFAULT_MAX_DELAY);
	}

	/**
	 * Creates the helper.
	 * @param sqs the client that re-sends early messages
	 * @param clock the clock that tells whether a message is due
	 * @param maxDelay the longest delay a received message may still have ({@code sqs-tasks.max-delay})
	 */
	public DelayedDelivery(SqsAsyncClient sqs, Clock clock, Duration maxDelay) {
		this.sqs = sqs;
		this.clock = clock;
		this.maxDelay = maxDelay;
	}

	/**
	 * Returns the delivery time a message carries.
	 * @param message a received message, with its message attributes
	 * @return the time, or {@code null} when the message carries none
	 * @throws PoisonMessageException when the reserved value is not a whole number of milliseconds since the epoch
	 */
	public static @Nullable Instant notBefore(Message message) {
		MessageAttributeValue context = message.messageAttributes().get(WireFormat.JOB_CONTEXT);
		if (context == null || context.stringValue() == null || !context.stringValue().contains(NOT_BEFORE_KEY)) {
			return null;
		}
		JsonNode value;
		try {
			value = JSON.readTree(context.stringValue()).get(NOT_BEFORE_KEY);
		}
		catch (JsonProcessingException ex) {
			// An unreadable JobContext is reported, as poison, by the decoder.
			return null;
		}
		if (value == null) {
			return null;
		}
		String text = value.isTextual() ? value.textValue() : (value.isIntegralNumber() ? value.asText() : "");
		if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(Character::isDigit)) {
			throw new PoisonMessageException("Message " + message.messageId() + " has a malformed reserved JobContext "
					+ "key " + NOT_BEFORE_KEY + ": expected milliseconds since the epoch (1 to " + MAX_DIGITS
					+ " digits), found a JSON " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
					+ " of " + value.toString().length() + " characters");
		}
		return Instant.ofEpochMilli(Long.parseLong(text));
	}

	/**
	 * Returns the delivery time a message received from a queue carries, checked against what that queue and the
	 * longest delay allow.
	 * @param message a received message, with its message attributes
	 * @param fifo whether the queue is a FIFO queue
	 * @return the time, or {@code null} when the message carries none
	 * @throws PoisonMessageException when the value is malformed, further ahead than the longest delay, or on a FIFO
	 * queue
	 */
	public @Nullable Instant dueTime(Message message, boolean fifo) {
		Instant notBefore = notBefore(message);
		if (notBefore == null) {
			return null;
		}
		if (fifo) {
			throw new PoisonMessageException("Message " + message.messageId() + " carries the reserved JobContext key "
					+ NOT_BEFORE_KEY + " on a FIFO queue; FIFO queues cannot delay single messages, so sqs-tasks never "
					+ "sends it there");
		}
		Instant horizon = this.clock.instant().plus(this.maxDelay);
		if (notBefore.isAfter(horizon)) {
			throw new PoisonMessageException("Message " + message.messageId() + " asks, with the reserved JobContext key "
					+ NOT_BEFORE_KEY + ", to run at " + notBefore + ", further ahead than sqs-tasks.max-delay ("
					+ this.maxDelay + ") allows");
		}
		return notBefore;
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
