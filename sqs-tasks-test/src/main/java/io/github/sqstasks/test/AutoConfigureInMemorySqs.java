package io.github.sqstasks.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a {@code @SpringBootTest} (or any Boot test) on an in-memory SQS instead of the configured broker, with an
 * {@link InMemorySqs} bean to inspect queues, drive processing and move the clock.
 *
 * <p>Queues are created for it at start-up (it starts empty), receives poll for at most 1 s so that contexts close
 * quickly, and finished messages are deleted at once rather than in timed batches, so that a test sees them gone.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(InMemorySqsAutoConfiguration.class)
@TestPropertySource(properties = { "sqs-tasks.defaults.poll-timeout=1s",
		"sqs-tasks.listener.acknowledgement-interval=0s", "sqs-tasks.listener.acknowledgement-threshold=0" })
public @interface AutoConfigureInMemorySqs {

}
