package io.github.sqstasks.schedule;

import java.time.Instant;

import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.annotation.SqsTaskSchedule;
import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule that could not run fails start-up with a message naming it, where it is declared and what is wrong.
 */
class ScheduleStartupTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final ApplicationContextRunner application = ScheduleSupport
		.application(new InMemorySqsAsyncClient(this.clock), this.clock)
		.withUserConfiguration(Reports.class)
		.withPropertyValues("sqs-tasks.listener.enabled=false");

	@Test
	void aScheduleOfAQueueWithoutHandlerOrConfigurationFailsStartup() {
		assertFailure(schedule("nightly", "0 0 2 * * *", "reprots", "render"),
				"Schedule 'nightly' (sqs-tasks.schedules.nightly): queue 'reprots' has no handler in this application "
						+ "and is not configured under sqs-tasks.queues");
	}

	@Test
	void aScheduleOfATaskTheQueueHasNoHandlerForFailsStartupListingItsTasks() {
		assertFailure(schedule("nightly", "0 0 2 * * *", "reports", "rendr"),
				"queue 'reports' has no handler for task 'rendr' in this application; its tasks are [render]");
	}

	@Test
	void aScheduleOfAQueueOnlyConfiguredHereStartsForAnotherApplicationsHandler() {
		this.application
			.withPropertyValues(schedule("nightly", "0 0 2 * * *", "billing.fifo", "invoice"))
			.withPropertyValues("sqs-tasks.queues[billing.fifo].max-receive-count=3")
			.run((context) -> assertThat(context.getBean(ScheduleRunner.class).schedules())
				.extracting(ScheduleStatus::id)
				.containsExactly("nightly"));
	}

	@Test
	void anInvalidCronExpressionFailsStartupWithTheExpectedForm() {
		assertFailure(schedule("nightly", "0 2 * * *", "reports", "render"),
				"cron '0 2 * * *' is not a Spring cron expression (six fields, seconds first");
	}

	@Test
	void anUnknownZoneFailsStartup() {
		this.application.withPropertyValues(schedule("nightly", "0 0 2 * * *", "reports", "render"))
			.withPropertyValues("sqs-tasks.schedules.nightly.zone=Europe/Berlim")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ScheduleDefinitionException.class)
				.hasMessageContaining("zone 'Europe/Berlim' is not a time zone id"));
	}

	@Test
	void argumentsTheHandlerDoesNotTakeFailStartup() {
		this.application.withPropertyValues(schedule("nightly", "0 0 2 * * *", "reports", "render"))
			.withPropertyValues("sqs-tasks.schedules.nightly.arguments.colour=red")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ScheduleDefinitionException.class)
				.hasMessageContaining("Schedule 'nightly' (sqs-tasks.schedules.nightly): its arguments")
				.hasMessageContaining("unknown arguments [colour]"));
	}

	@Test
	void aRawQueueCannotBeScheduled() {
		assertFailure(schedule("nightly", "0 0 2 * * *", "cron", "cron"),
				"queue 'cron' has a @SqsRawTask handler");
	}

	@Test
	void twoSchedulesWithOneIdFailStartupNamingBoth() {
		this.application.withUserConfiguration(Annotated.class)
			.withPropertyValues(schedule("daily", "0 0 2 * * *", "reports", "render"))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ScheduleDefinitionException.class)
				.hasMessageContaining("Two schedules have the id 'daily': sqs-tasks.schedules.daily and "
						+ "@SqsTaskSchedule on " + Annotated.class.getName() + "#render(String)"));
	}

	@Test
	void aScheduleOnAMethodWithoutSqsTaskFailsStartupInsteadOfNeverRunning() {
		this.application.withUserConfiguration(NotATask.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(TaskDefinitionException.class)
				.hasMessageContaining("NotATask.render(java.lang.String) has @SqsTaskSchedule without @SqsTask"));
	}

	@Test
	void anIdThatCannotBePartOfADeduplicationIdFailsStartup() {
		assertFailure(schedule("night ly", "0 0 2 * * *", "reports", "render"),
				"the id must be 1 to 64 letters, digits, '.', '_' or '-'");
	}

	private void assertFailure(String[] properties, String message) {
		this.application.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ScheduleDefinitionException.class)
				.hasMessageContaining(message));
	}

	private static String[] schedule(String id, String cron, String queue, String task) {
		return ScheduleSupport.schedule(id, cron, queue, "pdf", "task=" + task);
	}

	static class Reports {

		@SqsTask(queue = "reports", name = "render")
		void render(String format) {
		}

		@SqsRawTask(queue = "cron")
		void tick(String body) {
		}

	}

	static class NotATask {

		@SqsTaskSchedule(cron = "0 0 1 * * *", arguments = "{\"format\":\"pdf\"}")
		void render(String format) {
		}

	}

	static class Annotated {

		@SqsTask(queue = "other", name = "render")
		@SqsTaskSchedule(id = "daily", cron = "0 0 1 * * *", arguments = "{\"format\":\"pdf\"}")
		void render(String format) {
		}

	}

}
