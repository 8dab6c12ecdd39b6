package io.github.sqstasks.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers a bean for every {@link SqsTaskClient} interface in the given packages; needed only for interfaces
 * outside the application's auto-configuration packages (those of {@code @SpringBootApplication}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(SqsTaskClientsRegistrar.class)
public @interface EnableSqsTaskClients {

	/**
	 * The packages to scan; with {@link #basePackageClasses()} empty too, the package of the annotated class.
	 * @return the package names
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages to scan, a type-safe alternative to {@link #basePackages()}.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

}
