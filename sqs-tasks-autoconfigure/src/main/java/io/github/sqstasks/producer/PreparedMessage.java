package io.github.sqstasks.producer;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A job checked and ready to send, alone or in a batch: what a {@link JobDeferral} receives.
 *
 * @param queue the queue name without prefix
 * @param task the task name, or {@code null} for a raw job
 * @param request the request of a single send
 * @param size the encoded size: body plus attribute names, types and values, in bytes
 */
public record PreparedMessage(String queue, @Nullable String task, SendMessageRequest request, int size) {

	/**
	 * Describes the job for error messages.
	 * @return for example {@code task 'send_email'} or {@code raw job}
	 */
	String what() {
		return (this.task != null) ? "task '" + this.task + "'" : "raw job";
	}

}
