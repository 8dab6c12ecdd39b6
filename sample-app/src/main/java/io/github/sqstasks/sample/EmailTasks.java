package io.github.sqstasks.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Sends e-mails through the {@link MailGateway} and keeps a list of what was sent; if the gateway fails, the task is
 * retried with the queue's backoff.
 */
@Component
public class EmailTasks {

	private static final Logger logger = LoggerFactory.getLogger(EmailTasks.class);

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final MailGateway mail;

	EmailTasks(MailGateway mail) {
		this.mail = mail;
	}

	@SqsTask(queue = "emails", name = "send_confirmation")
	void sendConfirmation(String to, String orderId, TaskContext context) {
		this.mail.deliver(to, "Your order " + orderId + " is confirmed");
		logger.info("Confirmation sent to {} for order {} (context {})", to, orderId, context.asMap());
		this.sent.add(to + ":" + orderId);
	}

	@SqsTask(queue = "emails", name = "send_reminder")
	void sendReminder(String to, String text) {
		this.mail.deliver(to, text);
		logger.info("Reminder sent to {}", to);
		this.sent.add(to + ":" + text);
	}

	/**
	 * Returns what was sent, as {@code address:orderId}.
	 * @return the sent e-mails
	 */
	public List<String> sent() {
		return List.copyOf(this.sent);
	}

}
