package io.github.sqstasks.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A mail gateway that writes e-mails to the log.
 */
@Component
class LoggingMailGateway implements MailGateway {

	private static final Logger logger = LoggerFactory.getLogger(LoggingMailGateway.class);

	@Override
	public void deliver(String to, String text) {
		logger.info("E-mail to {}: {}", to, text);
	}

}
