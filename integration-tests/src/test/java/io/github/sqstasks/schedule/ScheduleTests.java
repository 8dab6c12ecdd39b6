package io.github.sqstasks.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.annotation.SqsTaskSchedule;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;
import io.github.sqstasks.memory.QueuedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schedules on the in-memory SQS and a clock the test moves: when ticks are enqueued, with what, and which are not.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScheduleTests {

	private static final Instant MIDNIGHT = Instant.parse("2030-01-01T00:00:00Z");

	private final ManualClock clock = new ManualClock(MIDNIGHT);

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient(this.clock);

	private final ApplicationContextRunner application = ScheduleSupport.application(this.sqs, this.clock)
		.withUserConfiguration(Reports.class);

	@Test
	void aTickIsEnqueuedOnItsFifoQueueAtItsTimeWithTheScheduleAndTickInItsContext() {
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("nightly", "0 0 2 * * *", "reports.fifo", "pdf"))
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				this.clock.set(Instant.parse("2030-01-01T01:59:59Z"));
				runner.fireDue();
				assertThat(this.sqs.messages("reports.fifo")).isEmpty();

				this.clock.advance(Duration.ofSeconds(1));
				runner.fireDue();
				runner.fireDue();

				List<QueuedMessage> messages = this.sqs.messages("reports.fifo");
				assertThat(messages).hasSize(1);
				assertThat(messages.get(0).messageAttributes()).containsEntry("JobName", "render");
				assertThat(ScheduleSupport.body(messages.get(0))).isEqualTo(Map.of("format", "pdf"));
				assertThat(ScheduleSupport.context(messages.get(0))).containsEntry(ScheduleRunner.SCHEDULE_KEY, "nightly")
					.containsEntry(ScheduleRunner.TICK_KEY, "2030-01-01T02:00:00Z");
				assertThat(messages.get(0).groupId()).isEqualTo("nightly");
			});
	}

	@Test
	void theSchedulesThreadEnqueuesATickWhenTheClockReachesIt() {
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("minutely", "0 * * * * *", "reports.fifo", "csv"))
			.run((context) -> {
				this.clock.addListener(context.getBean(ScheduleRunner.class)::wakeUp);
				// Started at 00:00:00, the instance takes the tick of that instant (the latest of the last minute).
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo"))
						.containsExactly("2030-01-01T00:00:00Z"));
				this.clock.advance(Duration.ofSeconds(59));
				context.getBean(ScheduleRunner.class).fireDue();
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-01-01T00:00:00Z");

				this.clock.advance(Duration.ofSeconds(1));

				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo"))
						.containsExactly("2030-01-01T00:00:00Z", "2030-01-01T00:01:00Z"));
			});
	}

	@Test
	void aTickOntoAStandardQueueGoesThroughTheTickQueueAndItsTaskRunsOnce() {
		this.application.withPropertyValues(ScheduleSupport.schedule("nightly", "0 0 2 * * *", "reports", "pdf"))
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				Reports reports = context.getBean(Reports.class);
				this.clock.set(Instant.parse("2030-01-01T02:00:00Z"));
				runner.fireDue();
				runner.fireDue();

				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(reports.runs).containsExactly("2030-01-01T02:00:00Z:pdf"));
				await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.messages("sqs-tasks-ticks.fifo").isEmpty()
						&& this.sqs.messages("reports").isEmpty());
				assertThat(reports.runs).hasSize(1);
			});
	}

	@Test
	void aTickWhoseRelayStoppedBeforeEnqueuingItIsRelayedOnceByAnotherInstance() {
		String[] nightly = ScheduleSupport.schedule("nightly", "0 0 2 * * *", "reports", "pdf");
		this.clock.set(Instant.parse("2030-01-01T01:59:00Z"));
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false").withPropertyValues(nightly)
			.run((context) -> {
				this.clock.set(Instant.parse("2030-01-01T02:00:00Z"));
				context.getBean(ScheduleRunner.class).fireDue();
				// A relay receives the tick and dies before doing anything with it.
				String ticks = this.sqs.getQueueUrl((request) -> request.queueName("sqs-tasks-ticks.fifo")).join()
					.queueUrl();
				assertThat(this.sqs.receiveMessage((request) -> request.queueUrl(ticks).visibilityTimeout(30))
					.join()
					.messages()).hasSize(1);
			});

		this.clock.advance(Duration.ofSeconds(20));
		this.application.withPropertyValues(nightly).run((context) -> {
			Reports reports = context.getBean(Reports.class);
			// Started at 02:00:20, this instance sends the 02:00 tick too: SQS drops it as a copy.
			this.clock.advance(Duration.ofSeconds(11));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(reports.runs).containsExactly("2030-01-01T02:00:00Z:pdf"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.messages("sqs-tasks-ticks.fifo").isEmpty()
					&& this.sqs.messages("reports").isEmpty());
			assertThat(reports.runs).hasSize(1);
		});
	}

	@Test
	void anInstanceThatDoesNotConsumeTheTickQueueSaysWhereItsTicksWait(CapturedOutput output) {
		this.application.withPropertyValues("sqs-tasks.listener.queues=reports")
			.withPropertyValues(ScheduleSupport.schedule("nightly", "0 0 2 * * *", "reports", "pdf"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getOut()).contains("This instance does not consume sqs-tasks' tick queue "
						+ "'sqs-tasks-ticks.fifo' (sqs-tasks.listener): ticks of schedules onto standard queues wait "
						+ "there");
			});
	}

	@Test
	void atStartUpOnlyTheLatestTickOfTheLastMinuteIsEnqueuedNotEveryMissedOne() {
		this.clock.set(Instant.parse("2030-01-01T10:00:30Z"));
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("every-second", "* * * * * *", "reports.fifo", "csv"))
			.run((context) -> {
				context.getBean(ScheduleRunner.class).fireDue();

				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-01-01T10:00:30Z");
			});
	}

	@Test
	void aTickMoreThanAMinuteLateIsSkippedAndTheNextOnesAreEnqueued() {
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("minutely", "0 * * * * *", "reports.fifo", "csv"))
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				runner.fireDue();
				this.clock.advance(Duration.ofMinutes(5).plusSeconds(30));
				runner.fireDue();
				// 00:01 to 00:04 are over a minute late: skipped, not caught up.
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-01-01T00:00:00Z",
						"2030-01-01T00:05:00Z");

				this.clock.advance(Duration.ofSeconds(30));
				runner.fireDue();
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-01-01T00:00:00Z",
						"2030-01-01T00:05:00Z", "2030-01-01T00:06:00Z");
			});
	}

	@Test
	void afterAStallOfHoursOnlyTheTicksOfTheLastMinuteAreEnqueued() {
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("every-second", "* * * * * *", "reports.fifo", "csv"))
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				runner.fireDue();
				this.sqs.clear("reports.fifo");
				this.clock.advance(Duration.ofHours(3));
				runner.fireDue();

				List<String> ticks = ScheduleSupport.ticks(this.sqs, "reports.fifo");
				assertThat(ticks).hasSize(60).first().isEqualTo("2030-01-01T02:59:01Z");
				assertThat(ticks).last().isEqualTo("2030-01-01T03:00:00Z");
			});
	}

	@Test
	void aNightlyTickInBerlinIsSkippedOnTheSpringChangeAndEnqueuedTwiceOnTheAutumnChange() {
		this.clock.set(Instant.parse("2030-03-29T12:00:00Z"));
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("nightly", "0 30 2 * * *", "reports.fifo", "pdf", "zone=Europe/Berlin"))
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				step(runner, Instant.parse("2030-04-02T12:00:00Z"));
				// 02:30 CET on 30 March, no 02:30 on 31 March (clocks jump from 02:00 to 03:00), 02:30 CEST after.
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-03-30T01:30:00Z",
						"2030-04-01T00:30:00Z", "2030-04-02T00:30:00Z");

				this.sqs.clear("reports.fifo");
				this.clock.set(Instant.parse("2030-10-26T12:00:00Z"));
				runner.fireDue();
				step(runner, Instant.parse("2030-10-28T12:00:00Z"));
				// 27 October: 02:30 comes twice (CEST, then CET after clocks go back from 03:00 to 02:00).
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-10-27T00:30:00Z",
						"2030-10-27T01:30:00Z", "2030-10-28T01:30:00Z");
			});
	}

	@Test
	void hourlyTicksInBerlinStayOneHourApartAcrossTheSpringChange() {
		this.clock.set(Instant.parse("2030-03-30T22:30:00Z"));
		this.application.withPropertyValues("sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("hourly", "0 0 * * * *", "reports.fifo", "pdf", "zone=Europe/Berlin"))
			.run((context) -> {
				step(context.getBean(ScheduleRunner.class), Instant.parse("2030-03-31T03:30:00Z"));
				// Local 00:00, 01:00, then 03:00 (02:00 does not exist), 04:00, 05:00.
				assertThat(ScheduleSupport.ticks(this.sqs, "reports.fifo")).containsExactly("2030-03-30T23:00:00Z",
						"2030-03-31T00:00:00Z", "2030-03-31T01:00:00Z", "2030-03-31T02:00:00Z",
						"2030-03-31T03:00:00Z");
			});
	}

	@Test
	void anAnnotatedHandlerIsScheduledWithItsArgumentsAndPlaceholders() {
		ScheduleSupport.application(this.sqs, this.clock)
			.withUserConfiguration(AnnotatedReports.class)
			.withPropertyValues("sqs-tasks.listener.enabled=false", "reports.cron=0 0 2 * * *")
			.run((context) -> {
				ScheduleRunner runner = context.getBean(ScheduleRunner.class);
				assertThat(runner.schedules()).extracting(ScheduleStatus::id)
					.containsExactly("daily.fifo.render", "weekly");
				this.clock.set(Instant.parse("2030-01-01T02:00:00Z"));
				runner.fireDue();

				List<QueuedMessage> messages = this.sqs.messages("daily.fifo");
				assertThat(messages).hasSize(1);
				assertThat(ScheduleSupport.body(messages.get(0))).isEqualTo(Map.of("format", "pdf", "pages", 3));
				assertThat(ScheduleSupport.context(messages.get(0))).containsEntry(ScheduleRunner.SCHEDULE_KEY,
						"daily.fifo.render");
			});
	}

	/** Moves the clock a minute at a time to {@code end}, looking for due ticks after each move. */
	private void step(ScheduleRunner runner, Instant end) {
		while (this.clock.instant().isBefore(end)) {
			this.clock.advance(Duration.ofMinutes(1));
			runner.fireDue();
		}
	}

	static class Reports {

		final List<String> runs = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "reports", name = "render")
		void render(String format, TaskContext context) {
			this.runs.add(context.get(ScheduleRunner.TICK_KEY) + ":" + format);
		}

		@SqsTask(queue = "reports.fifo", name = "render")
		void renderInOrder(String format, TaskContext context) {
			this.runs.add(context.get(ScheduleRunner.TICK_KEY) + ":" + format);
		}

	}

	static class AnnotatedReports {

		@SqsTask(queue = "daily.fifo", name = "render")
		@SqsTaskSchedule(cron = "${reports.cron}", arguments = "{\"format\":\"pdf\",\"pages\":3}")
		@SqsTaskSchedule(id = "weekly", cron = "0 0 3 * * MON", zone = "Europe/Berlin",
				arguments = "{\"format\":\"html\",\"pages\":10}")
		void render(String format, int pages) {
		}

	}

}
