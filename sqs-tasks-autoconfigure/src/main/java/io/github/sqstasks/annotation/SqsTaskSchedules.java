package io.github.sqstasks.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds the {@link SqsTaskSchedule} annotations of a method that has more than one.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SqsTaskSchedules {

	/**
	 * The schedules.
	 * @return the schedules of the method
	 */
	SqsTaskSchedule[] value();

}
