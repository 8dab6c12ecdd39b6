package io.github.sqstasks.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for task code: sqs-tasks' auto-configuration on an in-memory SQS, plus the listed task beans, nothing
 * else of the application. Inject {@code SqsTaskTemplate} to enqueue and {@link InMemorySqs} to inspect queues, run
 * processing until idle and move the clock.
 *
 * <pre>{@code
 * @SqsTaskTest(tasks = EmailTasks.class)
 * class EmailTasksTests {
 *     @Autowired SqsTaskTemplate tasks;
 *     @Autowired InMemorySqs sqs;
 * }
 * }</pre>
 *
 * <p>Add properties with {@code @TestPropertySource}; the clock starts at 2030-01-01T00:00:00Z.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(SpringBootTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@ContextConfiguration(classes = SqsTaskTestConfiguration.class)
@AutoConfigureInMemorySqs
public @interface SqsTaskTest {

	/**
	 * The classes to register as beans: the task handlers under test and whatever they need.
	 * @return the classes
	 */
	Class<?>[] tasks() default {};

}
