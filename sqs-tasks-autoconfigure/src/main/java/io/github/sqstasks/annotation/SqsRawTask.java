package io.github.sqstasks.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the only handler of a raw queue: every message's body is passed as-is, whatever its format
 * and attributes (for example events from EventBridge or CloudWatch).
 *
 * <p>The method takes one parameter, either a {@code String} (the body) or a {@code TaskMessage}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SqsRawTask {

	/**
	 * The queue's name, without the configured prefix; {@code ${...}} placeholders are resolved.
	 * @return the queue name
	 */
	String queue();

}
