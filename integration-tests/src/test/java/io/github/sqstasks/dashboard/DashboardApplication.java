package io.github.sqstasks.dashboard;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsTask;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A servlet web application for the dashboard tests: {@code emails} (dead-letter queue {@code emails_dead}) whose
 * task refuses the addresses a test marks as bouncing, and {@code reports}, configured only.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class DashboardApplication {

	static final String[] PROPERTIES = { "sqs-tasks.dashboard.enabled=true",
			"sqs-tasks.queues.emails.dead-letter-queue=emails_dead", "sqs-tasks.queues.reports.concurrency=1",
			"spring.main.banner-mode=off" };

	@Bean
	Mailer mailer() {
		return new Mailer();
	}

	/**
	 * Handles {@code emails}: refuses the bouncing addresses with {@code DoNotRetry}, records the others.
	 */
	static class Mailer {

		final Set<String> bouncing = ConcurrentHashMap.newKeySet();

		final List<String> sent = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "emails", name = "send_email")
		void sendEmail(String to) {
			if (this.bouncing.contains(to)) {
				throw new DoNotRetry("mailbox does not exist: " + to);
			}
			this.sent.add(to);
		}

	}

}
