package io.github.sqstasks.test;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The component-scan filter of a {@link SqsTaskTest}. The types it keeps by default are listed in
 * {@code META-INF/spring/io.github.sqstasks.test.SqsTaskTest.includes} (a type or an annotation on the class, as in
 * Boot's slices); a handler is recognised by its methods, which Boot's filters do not look at, so that is added here.
 * The test's {@code tasks} are left to {@link SqsTaskTestContextCustomizerFactory}, so scanning never adds them twice.
 */
final class SqsTaskTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<SqsTaskTest> {

	private static final Set<String> HANDLER_ANNOTATIONS = Set.of(SqsTask.class.getName(), SqsRawTask.class.getName());

	private final Set<String> tasks;

	SqsTaskTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.tasks = getAnnotation().isPresent() ? Arrays.stream(getAnnotation().getClassArray("tasks"))
			.map(Class::getName)
			.collect(Collectors.toUnmodifiableSet()) : Set.of();
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		return super.defaultInclude(metadataReader, metadataReaderFactory)
				|| hasHandlerMethods(metadataReader, metadataReaderFactory, new HashSet<>());
	}

	@Override
	protected boolean exclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		return this.tasks.contains(metadataReader.getClassMetadata().getClassName())
				|| super.exclude(metadataReader, metadataReaderFactory);
	}

	/**
	 * Whether the class or one of its superclasses or interfaces declares a handler method. A supertype whose class
	 * file cannot be read is passed over, as Spring's own type-hierarchy filters do.
	 */
	private static boolean hasHandlerMethods(MetadataReader reader, MetadataReaderFactory readers, Set<String> seen) {
		AnnotationMetadata metadata = reader.getAnnotationMetadata();
		if (!seen.add(metadata.getClassName())) {
			return false;
		}
		for (String annotation : HANDLER_ANNOTATIONS) {
			if (metadata.hasAnnotatedMethods(annotation)) {
				return true;
			}
		}
		for (String supertype : supertypes(metadata)) {
			if (!supertype.startsWith("java.") && hasHandlerMethods(supertype, readers, seen)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasHandlerMethods(String type, MetadataReaderFactory readers, Set<String> seen) {
		try {
			return hasHandlerMethods(readers.getMetadataReader(type), readers, seen);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Set<String> supertypes(AnnotationMetadata metadata) {
		Set<String> supertypes = new HashSet<>(Arrays.asList(metadata.getInterfaceNames()));
		String superclass = metadata.getSuperClassName();
		if (superclass != null) {
			supertypes.add(superclass);
		}
		return supertypes;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return super.equals(obj) && this.tasks.equals(((SqsTaskTypeExcludeFilter) obj).tasks);
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + this.tasks.hashCode();
	}

}
