package io.github.sqstasks.client;

import io.github.sqstasks.producer.JobOptions;

/**
 * A typed client of the test's email handlers.
 */
@SqsTaskClient(queue = "${app.emails-queue}")
public interface EmailClient {

	@SqsTaskClient.Task("send_email")
	String sendEmail(String to, String subject);

	void welcome(String to, JobOptions options);

	default void welcomeNow(String to) {
		welcome(to, JobOptions.defaults());
	}

}
