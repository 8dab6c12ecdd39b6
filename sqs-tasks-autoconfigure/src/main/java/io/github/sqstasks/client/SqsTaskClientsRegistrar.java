package io.github.sqstasks.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@link SqsTaskClient} interface: in the packages of {@link EnableSqsTaskClients} when
 * imported by it, otherwise (imported by the sqs-tasks auto-configuration) in the application's auto-configuration
 * packages. An interface already registered is skipped, so both ways can meet.
 */
public final class SqsTaskClientsRegistrar
		implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

	private @Nullable BeanFactory beanFactory;

	private @Nullable Environment environment;

	private @Nullable ResourceLoader resourceLoader;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		for (String basePackage : basePackages(metadata)) {
			for (BeanDefinition candidate : scanner().findCandidateComponents(basePackage)) {
				register(candidate.getBeanClassName(), registry);
			}
		}
	}

	private Set<String> basePackages(AnnotationMetadata metadata) {
		Map<String, @Nullable Object> enable = metadata.getAnnotationAttributes(EnableSqsTaskClients.class.getName());
		Set<String> packages = new LinkedHashSet<>();
		if (enable == null) {
			if (this.beanFactory != null && AutoConfigurationPackages.has(this.beanFactory)) {
				packages.addAll(AutoConfigurationPackages.get(this.beanFactory));
			}
			return packages;
		}
		packages.addAll(List.of((String[]) enable.get("basePackages")));
		for (Class<?> type : (Class<?>[]) enable.get("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(type));
		}
		if (packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		return packages;
	}

	private void register(@Nullable String className, BeanDefinitionRegistry registry) {
		if (className == null || registry.containsBeanDefinition(className)) {
			return;
		}
		ClassLoader classLoader = (this.resourceLoader != null) ? this.resourceLoader.getClassLoader() : null;
		Class<?> client = ClassUtils.resolveClassName(className, classLoader);
		RootBeanDefinition definition = new RootBeanDefinition(SqsTaskClientFactoryBean.class);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, client);
		definition.setTargetType(ResolvableType.forClassWithGenerics(SqsTaskClientFactoryBean.class, client));
		registry.registerBeanDefinition(className, definition);
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		if (this.environment != null) {
			scanner.setEnvironment(this.environment);
		}
		if (this.resourceLoader != null) {
			scanner.setResourceLoader(this.resourceLoader);
		}
		scanner.addIncludeFilter(new AnnotationTypeFilter(SqsTaskClient.class));
		return scanner;
	}

}
