package io.github.sqstasks.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the default queue of a class's {@link SqsTask} methods, so that {@code queue} need not be repeated on each:
 * a method's own {@code queue} still wins.
 *
 * <pre>{@code
 * @Component
 * @SqsTaskQueue("emails")
 * class EmailTasks {
 *     @SqsTask void sendEmail(String to) { ... }          // queue "emails", task "sendEmail"
 *     @SqsTask(queue = "audit") void record(String to) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SqsTaskQueue {

	/**
	 * The queue's name, without the configured prefix; {@code ${...}} placeholders are resolved.
	 * @return the queue name
	 */
	String value();

}
