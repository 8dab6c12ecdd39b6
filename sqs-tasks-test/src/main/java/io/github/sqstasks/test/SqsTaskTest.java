package io.github.sqstasks.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for task code: sqs-tasks' auto-configuration on an in-memory SQS, plus the application's task beans,
 * nothing else of the application. Inject {@code SqsTaskTemplate} to enqueue and {@link InMemorySqs} to inspect
 * queues, run processing until idle and move the clock.
 *
 * <pre>{@code
 * @SqsTaskTest(tasks = FakeMailGateway.class)
 * class EmailTasksTests {
 *     @Autowired SqsTaskTemplate tasks;
 *     @Autowired InMemorySqs sqs;
 * }
 * }</pre>
 *
 * <p>Like Spring Boot's own slices, it looks for the application's {@code @SpringBootConfiguration} in the test's
 * package and above, and component scanning from there keeps only the beans that hold {@code @SqsTask} or
 * {@code @SqsRawTask} methods, the classes annotated with {@code @SqsTaskQueue}, and the {@code TaskInterceptor},
 * {@code SqsTasksObjectMapperCustomizer} and Jackson {@code Module} beans (see {@link #useDefaultFilters()}). When no
 * {@code @SpringBootConfiguration} is found, nothing is scanned and the slice holds the {@link #tasks()} only. The
 * auto-configurations it includes are listed in {@code META-INF/spring/io.github.sqstasks.test.SqsTaskTest.imports}.
 *
 * <p>It also applies to {@code @Nested} test classes, which share the enclosing class's context. The clock starts at
 * 2030-01-01T00:00:00Z.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(SqsTaskTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(SqsTaskTypeExcludeFilter.class)
@AutoConfigureInMemorySqs
@ImportAutoConfiguration
public @interface SqsTaskTest {

	/**
	 * Classes to register as beans, whatever the filters say: the task handlers under test and what they need (a
	 * fake gateway, a meter registry). A class listed here that scanning also finds is registered once.
	 * @return the classes
	 */
	Class<?>[] tasks() default {};

	/**
	 * Properties in the form {@code key=value} added to the environment before the context starts, as with
	 * {@code @SpringBootTest(properties = ...)}; {@code @TestPropertySource} on the test class overrides them.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether scanning keeps the task beans: classes with {@code @SqsTask} or {@code @SqsRawTask} methods (their
	 * own or inherited), classes annotated with {@code @SqsTaskQueue}, and {@code TaskInterceptor},
	 * {@code SqsTasksObjectMapperCustomizer} and Jackson {@code Module} components. With {@code false}, scanning keeps
	 * only what {@link #includeFilters()} name.
	 * @return whether the default filters apply
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Filters that add scanned components the default filters leave out.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Filters that keep scanned components out of the context, the default ones included; they do not apply to
	 * {@link #tasks()}.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations of the slice to leave out for this test.
	 * @return the auto-configurations to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
