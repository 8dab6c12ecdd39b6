package io.github.sqstasks.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods send jobs to the {@code @SqsTask} handlers of one queue; sqs-tasks implements it
 * with a proxy bean that calls {@code SqsTaskTemplate.addJob}.
 *
 * <p>Each abstract method sends one task: the task name is the method name unless {@link Task} says otherwise, and
 * the parameters become the named arguments (the code must be compiled with {@code -parameters}). A parameter of type
 * {@code JobOptions} is passed as the send options, not as an argument. Methods return {@code void} or
 * {@code String} (the message id, {@code null} inside a batch). For example:
 *
 * <pre>{@code
 * @SqsTaskClient(queue = "emails")
 * interface EmailClient {
 *     @SqsTaskClient.Task("send_email")
 *     String sendEmail(String to, String subject);
 *
 *     void welcome(String to, JobOptions options);
 * }
 * }</pre>
 *
 * <p>Interfaces are found in the packages of {@code @SpringBootApplication} (its auto-configuration packages) and in
 * those named by {@link EnableSqsTaskClients}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SqsTaskClient {

	/**
	 * The queue name without prefix, as in {@code @SqsTask}; accepts {@code ${...}} placeholders.
	 * @return the queue
	 */
	String queue();

	/**
	 * Names the task a client method sends, when it is not the method name.
	 */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface Task {

		/**
		 * The task name, as in {@code @SqsTask(name = ...)}.
		 * @return the task name
		 */
		String value();

	}

}
