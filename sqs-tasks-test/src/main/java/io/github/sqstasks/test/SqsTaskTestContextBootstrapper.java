package io.github.sqstasks.test;

import java.util.Arrays;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.boot.test.context.AnnotatedClassFinder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Bootstraps a {@link SqsTaskTest}: its {@code properties}, and the application's {@code @SpringBootConfiguration}
 * as the slice's configuration. Unlike Boot's slices, a test with none above its package does not fail: its slice
 * is {@link SqsTaskTestConfiguration}, which scans nothing, plus the test's {@code tasks}.
 */
class SqsTaskTestContextBootstrapper extends TestSliceTestContextBootstrapper<SqsTaskTest> {

	private static final AnnotatedClassFinder APPLICATIONS = new AnnotatedClassFinder(SpringBootConfiguration.class);

	@Override
	protected Class<?>[] getOrFindConfigurationClasses(MergedContextConfiguration mergedConfig) {
		Class<?>[] classes = mergedConfig.getClasses();
		if (mergedConfig.hasLocations() || declaresConfiguration(classes)
				|| APPLICATIONS.findFromClass(mergedConfig.getTestClass()) != null) {
			return super.getOrFindConfigurationClasses(mergedConfig);
		}
		Class<?>[] withSlice = new Class<?>[classes.length + 1];
		withSlice[0] = SqsTaskTestConfiguration.class;
		System.arraycopy(classes, 0, withSlice, 1, classes.length);
		return withSlice;
	}

	/** Whether the test names its configuration itself, which Boot then uses instead of searching. */
	private static boolean declaresConfiguration(Class<?>[] classes) {
		return Arrays.stream(classes)
			.anyMatch((type) -> !MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.INHERITED_ANNOTATIONS)
				.isPresent(TestConfiguration.class));
	}

}
