package io.github.sqstasks.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Enqueues the task of the {@link SqsTask} method it is on at every tick of a cron expression, once per tick whatever
 * the number of running instances: the short form of an {@code sqs-tasks.schedules.<id>} entry whose queue and task
 * are the method's. Repeat it for several schedules of one task (each with its own {@link #id()}).
 *
 * <pre>{@code
 * @SqsTask(queue = "reports", name = "render")
 * @SqsTaskSchedule(cron = "0 0 2 * * *", zone = "Europe/Berlin", arguments = "{\"format\":\"pdf\"}")
 * void render(String format) { ... }
 * }</pre>
 *
 * <p>Every attribute accepts {@code ${...}} placeholders.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(SqsTaskSchedules.class)
public @interface SqsTaskSchedule {

	/**
	 * The cron expression: Spring's six fields, seconds first, as in {@code "0 0 2 * * *"} (02:00:00 every day).
	 * @return the expression
	 */
	String cron();

	/**
	 * The time zone the expression is read in, for example {@code "Europe/Berlin"}.
	 * @return the zone id, {@code "UTC"} by default
	 */
	String zone() default "UTC";

	/**
	 * The task's arguments, as a JSON object, for example {@code "{\"format\":\"pdf\"}"}.
	 * @return the arguments, none by default
	 */
	String arguments() default "{}";

	/**
	 * The schedule's id, unique in the application, which names it in logs and the {@code sqstasks} endpoint:
	 * letters, digits, '.', '_' and '-', at most 64 characters.
	 * @return the id, or empty for {@code <queue>.<task>}
	 */
	String id() default "";

}
