package io.github.sqstasks.sample;

/**
 * Delivers e-mails; the shop's implementation only logs them.
 */
public interface MailGateway {

	/**
	 * Delivers an e-mail.
	 * @param to the address
	 * @param text the content
	 * @throws IllegalStateException when the mail server cannot be reached (the task is then retried)
	 */
	void deliver(String to, String text);

}
