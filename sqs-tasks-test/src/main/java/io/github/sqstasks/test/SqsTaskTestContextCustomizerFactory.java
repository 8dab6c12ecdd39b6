package io.github.sqstasks.test;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers the {@code tasks} of a {@link SqsTaskTest} as beans.
 */
class SqsTaskTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		var annotation = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.get(SqsTaskTest.class);
		if (!annotation.isPresent()) {
			return null;
		}
		return new TasksCustomizer(List.of(annotation.getClassArray("tasks")));
	}

	private record TasksCustomizer(List<Class<?>> tasks) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
			for (Class<?> task : this.tasks) {
				registry.registerBeanDefinition(task.getName(), new RootBeanDefinition(task));
			}
		}

		@Override
		public String toString() {
			return "SqsTaskTest" + Arrays.toString(this.tasks.toArray());
		}

	}

}
