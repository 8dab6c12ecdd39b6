package io.github.sqstasks.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.memory.ManualClock;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries and long delays on the manual clock: each attempt runs exactly when its backoff says, not a step earlier,
 * and a delay beyond SQS's 15 minutes runs at its time, not before.
 */
@SqsTaskTest(tasks = BackoffAndRedelayTests.Flaky.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.backoff.jitter=false", "sqs-tasks.defaults.backoff.initial=5s",
		"sqs-tasks.defaults.backoff.multiplier=3", "sqs-tasks.defaults.max-receive-count=10",
		"sqs-tasks.queues.doomed.max-receive-count=3", "sqs-tasks.queues.doomed.dead-letter-queue=doomed_dead" })
class BackoffAndRedelayTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Flaky flaky;

	@BeforeEach
	void clear() {
		this.flaky.attempts.clear();
		this.sqs.clear();
	}

	@Test
	void attemptsFollowTheBackoffSequence() {
		Instant start = this.sqs.clock().instant();
		this.tasks.addJob("flaky", "failThreeTimes", Map.of("id", 1));
		this.sqs.processUntilIdle();

		// 5 s, 15 s, 45 s: each attempt at its time and not 1 s before
		for (long wait : new long[] { 5, 15, 45 }) {
			int before = this.flaky.attempts.size();
			this.sqs.advance(Duration.ofSeconds(wait - 1));
			this.sqs.processUntilIdle();
			assertThat(this.flaky.attempts).hasSize(before);
			this.sqs.advance(Duration.ofSeconds(1));
			this.sqs.processUntilIdle();
			assertThat(this.flaky.attempts).hasSize(before + 1);
		}
		assertThat(this.flaky.attempts).containsExactly(start, start.plusSeconds(5), start.plusSeconds(20),
				start.plusSeconds(65));
		assertThat(this.sqs.enqueued("flaky")).isEmpty();
	}

	@Test
	void aRetryLaterDelayOverridesTheBackoffAndIsNotAnError() {
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		Logger failures = (Logger) LoggerFactory.getLogger("io.github.sqstasks.listener.FailureHandler");
		failures.addAppender(log);
		Instant start = this.sqs.clock().instant();
		this.tasks.addJob("flaky", "later", Map.of("id", 2));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(89));
		this.sqs.processUntilIdle();
		assertThat(this.flaky.attempts).containsExactly(start);
		this.sqs.advance(Duration.ofSeconds(1));
		this.sqs.processUntilIdle();
		assertThat(this.flaky.attempts).containsExactly(start, start.plusSeconds(90));
		failures.detachAppender(log);
		assertThat(log.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.INFO);
		assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
			.anyMatch((line) -> line.contains("asked to be retried in 90 s (attempt 1)"));
	}

	@Test
	void aMessageThatAlwaysFailsIsDeadLetteredAfterItsAttemptsWithItsReason() {
		Instant start = this.sqs.clock().instant();
		this.tasks.addJob("doomed", "fail", Map.of("id", 4));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(5));
		this.sqs.processUntilIdle();
		this.sqs.advance(Duration.ofSeconds(15));
		this.sqs.processUntilIdle();

		assertThat(this.flaky.attempts).containsExactly(start, start.plusSeconds(5), start.plusSeconds(20));
		assertThat(this.sqs.enqueued("doomed")).isEmpty();
		assertThat(this.sqs.deadLetters("doomed")).singleElement().satisfies((task) -> {
			assertThat(task.body()).isEqualTo("{\"id\":4}");
			assertThat(task.taskName()).isEqualTo("fail");
			assertThat(task.attributes().get("FailureReason"))
				.isEqualTo("java.lang.IllegalStateException: job 4 always fails (after 3 attempts)");
		});
	}

	@Test
	void aDelayOfAnHourRunsAfterFourHopsAtItsTime() {
		ManualClock clock = this.sqs.clock();
		Instant due = clock.instant().plus(Duration.ofHours(1));
		this.tasks.addJob("flaky", "later", Map.of("id", 3), JobOptions.defaults().delay(Duration.ofHours(1)));

		for (int minute = 0; minute < 59; minute++) {
			this.sqs.advance(Duration.ofMinutes(1));
			this.sqs.processUntilIdle();
		}
		assertThat(this.flaky.attempts).isEmpty();
		this.sqs.advance(Duration.ofMinutes(1));
		this.sqs.processUntilIdle();
		assertThat(this.flaky.attempts).containsExactly(due);
	}

	static class Flaky {

		final List<Instant> attempts = new CopyOnWriteArrayList<>();

		@Autowired
		InMemorySqs sqs;

		@SqsTask(queue = "flaky")
		void failThreeTimes(int id) {
			this.attempts.add(this.sqs.clock().instant());
			if (this.attempts.size() <= 3) {
				throw new IllegalStateException("attempt " + this.attempts.size() + " of job " + id + " fails");
			}
		}

		@SqsTask(queue = "doomed")
		void fail(int id) {
			this.attempts.add(this.sqs.clock().instant());
			throw new IllegalStateException("job " + id + " always fails");
		}

		@SqsTask(queue = "flaky")
		void later(int id) {
			this.attempts.add(this.sqs.clock().instant());
			if (id == 2 && this.attempts.size() == 1) {
				throw new RetryLater(Duration.ofSeconds(90));
			}
		}

	}

}
