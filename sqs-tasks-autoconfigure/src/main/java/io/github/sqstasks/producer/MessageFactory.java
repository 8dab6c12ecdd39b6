package io.github.sqstasks.producer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Builds the SQS requests of the wire format, and refuses what SQS would refuse before anything is sent: messages
 * over the size limit, delays on FIFO queues, FIFO jobs without a deduplication id where SQS needs one.
 */
final class MessageFactory {

	/** SQS's default and largest message size: body plus attribute names, types and values. */
	static final int MAX_MESSAGE_BYTES = 1024 * 1024;

	/** The default group of FIFO jobs sent without one. */
	static final String DEFAULT_GROUP = "default";

	private final TaskCodec codec;

	private final QueueResolver queues;

	private final FifoQueues fifoQueues;

	private final Clock clock;

	private java.util.function.ToIntFunction<String> maxMessageBytes = (queue) -> MAX_MESSAGE_BYTES;

	private java.time.Duration maxDelay = JobOptions.DEFAULT_MAX_DELAY;

	void setMaxMessageBytes(java.util.function.ToIntFunction<String> maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	void setMaxDelay(java.time.Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	MessageFactory(TaskCodec codec, QueueResolver queues, FifoQueues fifoQueues, Clock clock) {
		this.codec = codec;
		this.queues = queues;
		this.fifoQueues = fifoQueues;
		this.clock = clock;
	}

	PreparedMessage task(String queue, String task, String body, JobOptions options, TaskContext context) {
		Delay delay = delay(queue, "task '" + task + "'", options);
		Map<String, String> carried = new LinkedHashMap<>(context.asMap());
		if (delay.notBeforeEpochMillis() != null) {
			carried.put(DelayedDelivery.NOT_BEFORE_KEY, Long.toString(delay.notBeforeEpochMillis()));
		}
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put(WireFormat.JOB_NAME, string(task));
		attributes.put(WireFormat.CONTENT_TYPE, string(WireFormat.JSON));
		attributes.put(WireFormat.JOB_CONTEXT, string(this.codec.encodeContext(TaskContext.of(carried))));
		return prepare(queue, task, body, attributes, options, delay);
	}

	PreparedMessage raw(String queue, String body, Map<String, String> attributes, JobOptions options) {
		Map<String, MessageAttributeValue> values = RawAttributes.of(queue, attributes);
		Delay delay = delay(queue, "raw job", options);
		if (delay.notBeforeEpochMillis() != null) {
			throw new JobSendException("Cannot delay a raw job on queue '" + queue + "' beyond "
					+ Delay.MAX_NATIVE_SECONDS + " s: longer waits are carried in the JobContext attribute, which raw "
					+ "jobs do not have. Send a task instead, or use a delay of at most 15 minutes.");
		}
		return prepare(queue, null, body, values, options, delay);
	}

	/**
	 * Works out a job's delay after checking it against the longest delay, which also keeps the delivery time
	 * (milliseconds since the epoch) from overflowing.
	 */
	private Delay delay(String queue, String what, JobOptions options) {
		java.time.Instant now = this.clock.instant();
		long maxSeconds = this.maxDelay.getSeconds();
		Long delaySeconds = options.delaySeconds();
		Long notBefore = options.notBeforeEpochMillis();
		boolean tooLong = (delaySeconds != null) ? delaySeconds > maxSeconds
				: (notBefore != null && notBefore - now.toEpochMilli() > this.maxDelay.toMillis());
		if (tooLong) {
			String asked = (delaySeconds != null) ? "a delay of " + delaySeconds + " s"
					: "a delivery time of " + java.time.Instant.ofEpochMilli(notBefore);
			throw new JobSendException("Cannot send " + what + " to queue '" + queue + "' with " + asked
					+ ": the longest delay is sqs-tasks.max-delay, " + this.maxDelay + " (" + maxSeconds
					+ " s). Nothing was sent.");
		}
		return Delay.of(options, now);
	}

	private PreparedMessage prepare(String queue, @Nullable String task, String body,
			Map<String, MessageAttributeValue> attributes, JobOptions options, Delay delay) {
		String what = (task != null) ? "task '" + task + "'" : "raw job";
		int size = size(body, attributes);
		int limit = this.maxMessageBytes.applyAsInt(queue);
		if (size > limit) {
			throw new JobSendException("Cannot send " + what + " to queue '" + queue + "': the message is " + size
					+ " bytes, over the queue's limit of " + limit + " bytes (body plus attributes; sqs-tasks.queues."
					+ queue + ".max-message-size). Nothing was sent. Store large payloads elsewhere (for example S3) "
					+ "and pass a reference.");
		}
		String url = this.queues.url(queue);
		SendMessageRequest.Builder request = SendMessageRequest.builder()
			.queueUrl(url)
			.messageBody(body)
			.messageAttributes(attributes);
		if (this.queues.isFifo(queue)) {
			applyFifo(request, queue, url, what, options, delay);
		}
		else {
			applyStandard(request, queue, what, options, delay);
		}
		return new PreparedMessage(queue, task, request.build(), size);
	}

	private void applyStandard(SendMessageRequest.Builder request, String queue, String what, JobOptions options,
			Delay delay) {
		if (options.groupId() != null || options.deduplicationId() != null) {
			throw new JobSendException("Cannot send " + what + " to queue '" + queue + "' with a group or "
					+ "deduplication id: those are for FIFO queues (names ending in .fifo). Nothing was sent.");
		}
		if (delay.isDelayed()) {
			request.delaySeconds(delay.seconds());
		}
	}

	private void applyFifo(SendMessageRequest.Builder request, String queue, String url, String what,
			JobOptions options, Delay delay) {
		if (delay.isDelayed()) {
			throw new JobSendException("Cannot delay " + what + " on FIFO queue '" + queue + "': SQS FIFO queues "
					+ "do not support per-message delays. Set DelaySeconds on the queue instead. Nothing was sent.");
		}
		if (options.deduplicationId() == null && !this.fifoQueues.isContentBasedDeduplication(url)) {
			throw new JobSendException("Cannot send " + what + " to FIFO queue '" + queue + "' without a "
					+ "deduplication id: the queue does not have content-based deduplication. Pass "
					+ "JobOptions.defaults().deduplicationId(...) or enable ContentBasedDeduplication on the queue. "
					+ "Nothing was sent.");
		}
		request.messageGroupId((options.groupId() != null) ? options.groupId() : DEFAULT_GROUP);
		request.messageDeduplicationId(options.deduplicationId());
	}

	static int size(String body, Map<String, MessageAttributeValue> attributes) {
		return (int) MessageCopy.size(body, attributes);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
