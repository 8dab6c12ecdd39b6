package io.github.sqstasks.sample;

import io.github.sqstasks.client.SqsTaskClient;

/**
 * Compile-checked calls to the e-mail tasks: sqs-tasks implements this interface with a proxy that enqueues jobs.
 */
@SqsTaskClient(queue = "emails")
public interface EmailClient {

	/**
	 * Enqueues the order confirmation e-mail.
	 * @param to the customer's address
	 * @param orderId the order
	 * @return the SQS message id, or null inside a batch
	 */
	@SqsTaskClient.Task("send_confirmation")
	String sendConfirmation(String to, String orderId);

	/**
	 * Enqueues a reminder e-mail.
	 * @param to the customer's address
	 * @param text the reminder
	 */
	@SqsTaskClient.Task("send_reminder")
	void sendReminder(String to, String text);

}
