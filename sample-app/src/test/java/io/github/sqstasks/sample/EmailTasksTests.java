package io.github.sqstasks.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e-mail tasks, tested on the in-memory SQS: no broker, and retries played out by moving the clock. The slice
 * finds {@link ShopApplication} and scans its task classes ({@link EmailTasks} among them); the test gives the mail
 * gateway they need.
 */
@SqsTaskTest(tasks = EmailTasksTests.FlakyMailGateway.class,
		properties = { "sqs-tasks.defaults.backoff.jitter=false", "sqs-tasks.defaults.backoff.initial=30s" })
class EmailTasksTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	FlakyMailGateway mail;

	@BeforeEach
	void reset() {
		this.sqs.clear();
		this.mail.failures.set(0);
		this.mail.delivered.clear();
		this.mail.contexts.clear();
	}

	@Test
	void aConfirmationIsDeliveredWithTheOrderInItsContext() {
		try (TaskContext.Scope scope = TaskContext.with("order_id", "o-1")) {
			this.tasks.addJob("emails", "send_confirmation", Map.of("to", "ann@example.com", "orderId", "o-1"));
		}

		this.sqs.processUntilIdle();

		assertThat(this.mail.delivered).containsExactly("ann@example.com: Your order o-1 is confirmed");
		assertThat(this.mail.contexts).containsExactly("o-1");
	}

	@Test
	void whenTheMailServerIsDownTheTaskIsRetriedAfterItsBackoff() {
		this.mail.failures.set(1);
		this.tasks.addJob("emails", "send_reminder", Map.of("to", "bob@example.com", "text", "ships tomorrow"));

		this.sqs.processUntilIdle();
		assertThat(this.mail.delivered).isEmpty();

		this.sqs.advance(Duration.ofSeconds(29));
		this.sqs.processUntilIdle();
		assertThat(this.mail.delivered).isEmpty();

		this.sqs.advance(Duration.ofSeconds(1));
		this.sqs.processUntilIdle();
		assertThat(this.mail.delivered).containsExactly("bob@example.com: ships tomorrow");
		assertThat(this.sqs.enqueued("emails")).isEmpty();
	}

	@Test
	void whenTheMailServerStaysDownTheEmailEndsInTheDeadLetterQueue() {
		this.mail.failures.set(100);
		this.tasks.addJob("emails", "send_reminder", Map.of("to", "cy@example.com", "text", "hello"));

		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(30));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(60));
		this.sqs.processUntilIdle();

		assertThat(this.sqs.deadLetters("emails")).singleElement().satisfies((dead) -> {
			assertThat(dead.arguments()).containsEntry("to", "cy@example.com");
			assertThat(dead.attributes().get("FailureReason")).contains("mail server unreachable");
		});
	}

	static class FlakyMailGateway implements MailGateway {

		final AtomicInteger failures = new AtomicInteger();

		final List<String> delivered = new CopyOnWriteArrayList<>();

		final List<String> contexts = new CopyOnWriteArrayList<>();

		@Override
		public void deliver(String to, String text) {
			if (this.failures.getAndDecrement() > 0) {
				throw new IllegalStateException("mail server unreachable");
			}
			this.delivered.add(to + ": " + text);
			String order = TaskContext.current().get("order_id");
			if (order != null) {
				this.contexts.add(order);
			}
		}

	}

}
