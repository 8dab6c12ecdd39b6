package io.github.sqstasks.producer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Builds the SQS requests of the wire format, and refuses what SQS would refuse before anything is sent.
 */
final class MessageFactory {

	/** SQS's default and largest message size: body plus attribute names, types and values. */
	static final int MAX_MESSAGE_BYTES = 1024 * 1024;

	/** The default group of FIFO jobs sent without one. */
	static final String DEFAULT_GROUP = "default";

	private final TaskCodec codec;

	private final QueueResolver queues;

	MessageFactory(TaskCodec codec, QueueResolver queues) {
		this.codec = codec;
		this.queues = queues;
	}

	SendMessageRequest task(String queue, String task, String body, JobOptions options, TaskContext context) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		attributes.put(WireFormat.JOB_NAME, string(task));
		attributes.put(WireFormat.CONTENT_TYPE, string(WireFormat.JSON));
		attributes.put(WireFormat.JOB_CONTEXT, string(this.codec.encodeContext(context)));
		return request(queue, "task '" + task + "'", body, attributes, options);
	}

	SendMessageRequest raw(String queue, String body, JobOptions options) {
		return request(queue, "raw job", body, Map.of(), options);
	}

	private SendMessageRequest request(String queue, String what, String body,
			Map<String, MessageAttributeValue> attributes, JobOptions options) {
		int size = size(body, attributes);
		if (size > MAX_MESSAGE_BYTES) {
			throw new JobSendException("Cannot send " + what + " to queue '" + queue + "': the message is " + size
					+ " bytes, over SQS's limit of " + MAX_MESSAGE_BYTES + " bytes (body plus attributes). Nothing was "
					+ "sent. Store large payloads elsewhere (for example S3) and pass a reference.");
		}
		SendMessageRequest.Builder request = SendMessageRequest.builder()
			.queueUrl(this.queues.url(queue))
			.messageBody(body)
			.messageAttributes(attributes);
		applyOptions(request, queue, what, options);
		return request.build();
	}

	private void applyOptions(SendMessageRequest.Builder request, String queue, String what, JobOptions options) {
		Long delay = options.delaySeconds();
		boolean fifo = this.queues.isFifo(queue);
		if (delay != null && delay > 0) {
			if (fifo) {
				throw new JobSendException("Cannot delay " + what + " on FIFO queue '" + queue + "': SQS FIFO queues "
						+ "do not support per-message delays. Set DelaySeconds on the queue instead.");
			}
			if (delay > JobOptions.MAX_NATIVE_DELAY.getSeconds()) {
				throw new JobSendException("Cannot delay " + what + " on queue '" + queue + "' by " + delay
						+ " s: SQS allows at most " + JobOptions.MAX_NATIVE_DELAY.getSeconds() + " s.");
			}
			request.delaySeconds(delay.intValue());
		}
		if (fifo) {
			request.messageGroupId(orDefault(options.groupId(), DEFAULT_GROUP));
			request.messageDeduplicationId(options.deduplicationId());
		}
		else if (options.groupId() != null || options.deduplicationId() != null) {
			throw new JobSendException("Cannot send " + what + " to queue '" + queue + "' with a group or "
					+ "deduplication id: those are for FIFO queues (names ending in .fifo).");
		}
	}

	static int size(String body, Map<String, MessageAttributeValue> attributes) {
		int size = body.getBytes(StandardCharsets.UTF_8).length;
		for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
			size += utf8Length(entry.getKey()) + utf8Length(entry.getValue().dataType())
					+ utf8Length(entry.getValue().stringValue());
		}
		return size;
	}

	private static int utf8Length(@Nullable String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
	}

	private static String orDefault(@Nullable String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
