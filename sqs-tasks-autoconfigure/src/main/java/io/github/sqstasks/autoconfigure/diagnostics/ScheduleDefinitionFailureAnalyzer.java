package io.github.sqstasks.autoconfigure.diagnostics;

import io.github.sqstasks.schedule.ScheduleDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a schedule that cannot run: an invalid cron expression, zone or id, or a queue or task the application
 * does not know.
 */
final class ScheduleDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<ScheduleDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ScheduleDefinitionException cause) {
		// The message names the schedule, where it is declared and what is wrong.
		return new FailureAnalysis("An sqs-tasks schedule cannot run: " + cause.getMessage(),
				"Correct schedule '" + cause.getScheduleId() + "' where the description says it is declared "
						+ "(sqs-tasks.schedules." + cause.getScheduleId() + ".* or an @SqsTaskSchedule annotation). "
						+ "A schedule enqueues a task that has a handler in this application, or a task of a queue "
						+ "declared under sqs-tasks.queues.",
				cause);
	}

}
