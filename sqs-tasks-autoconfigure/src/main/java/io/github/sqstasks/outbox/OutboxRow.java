package io.github.sqstasks.outbox;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One job waiting in the outbox table: the message as the template prepared it, queue by its name without prefix.
 *
 * @param id the row's sequence id, which orders jobs by insertion
 * @param queue the queue name without prefix
 * @param task the task name, or {@code null} for a raw job
 * @param body the message body
 * @param attributes the string message attributes
 * @param delaySeconds the delay asked for when the job was added
 * @param groupId the FIFO group id
 * @param deduplicationId the FIFO deduplication id
 * @param createdAt when the job was added
 */
record OutboxRow(long id, String queue, @Nullable String task, String body, Map<String, String> attributes,
		int delaySeconds, @Nullable String groupId, @Nullable String deduplicationId, Instant createdAt) {

	/**
	 * Returns the encoded size as SQS counts it: body plus attribute names, types and values.
	 * @return the size in bytes
	 */
	int size() {
		int size = utf8Length(this.body);
		for (Map.Entry<String, String> attribute : this.attributes.entrySet()) {
			size += utf8Length(attribute.getKey()) + utf8Length(OutboxTable.STRING_TYPE)
					+ utf8Length(attribute.getValue());
		}
		return size;
	}

	/**
	 * Describes the job for log messages.
	 * @return for example {@code task 'send_email' (outbox row 42)}
	 */
	String what() {
		return ((this.task != null) ? "task '" + this.task + "'" : "raw job") + " (outbox row " + this.id + ")";
	}

	private static int utf8Length(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
	}

}
