package io.github.sqstasks.schedule;

/**
 * Thrown at start-up for a schedule that cannot run: an invalid cron expression, zone or id, or a queue or task this
 * application does not know. Its message names the schedule and where it was declared.
 */
public class ScheduleDefinitionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String scheduleId;

	/**
	 * Creates the exception.
	 * @param scheduleId the schedule's id
	 * @param message what is wrong and where it was declared
	 */
	public ScheduleDefinitionException(String scheduleId, String message) {
		super(message);
		this.scheduleId = scheduleId;
	}

	/**
	 * Creates the exception with a cause.
	 * @param scheduleId the schedule's id
	 * @param message what is wrong and where it was declared
	 * @param cause what was refused
	 */
	public ScheduleDefinitionException(String scheduleId, String message, Throwable cause) {
		super(message, cause);
		this.scheduleId = scheduleId;
	}

	/**
	 * Returns the id of the schedule that cannot run.
	 * @return the id
	 */
	public String getScheduleId() {
		return this.scheduleId;
	}

}
