package io.github.sqstasks.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a task: messages on {@link #queue()} whose {@code JobName} is
 * {@link #name()} invoke it, with parameters bound by name from the message's JSON body.
 *
 * <p>A parameter of type {@code TaskContext} receives the propagated context and one of type {@code TaskMessage}
 * the received message. Returning normally deletes the message; see {@code RetryLater} and {@code DoNotRetry} for
 * the other outcomes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SqsTask {

	/**
	 * The queue's name, without the configured prefix; {@code ${...}} placeholders are resolved.
	 * @return the queue name, or empty for the class's {@link SqsTaskQueue}
	 */
	String queue() default "";

	/**
	 * The task's name, sent in the {@code JobName} attribute; placeholders are resolved.
	 * @return the task name, or empty for the method's name
	 */
	String name() default "";

	/**
	 * Whether the method takes a whole batch of the task's messages at once: its only parameter is a {@code List}
	 * of a record (or POJO) of the task's arguments, or a {@code List<TaskMessage>}. If it throws, no message of the
	 * batch is deleted; a {@code BatchFailure} names the items that failed, and only those are retried.
	 * @return {@code true} for a batch handler
	 */
	boolean batch() default false;

	/**
	 * The longest this task's handler may run, as in configuration ({@code "30s"}, {@code "5m"}); it overrides the
	 * queue's {@code task-timeout}. When it is reached the handler's thread is interrupted and the attempt fails with
	 * a reason naming the limit; it is retried like any failure.
	 * @return the limit, or empty for the queue's
	 */
	String timeout() default "";

}
