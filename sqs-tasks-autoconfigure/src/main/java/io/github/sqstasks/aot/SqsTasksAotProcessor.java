package io.github.sqstasks.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.client.SqsTaskClient;
import io.github.sqstasks.producer.JobOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers, at build time, the runtime hints of what sqs-tasks reaches by reflection in the beans of the
 * application: its {@code @SqsTask} and {@code @SqsRawTask} methods (found and invoked reflectively), the types
 * Jackson binds their arguments to (generic element types included), and the JDK proxies of {@code @SqsTaskClient}
 * interfaces together with the types of their arguments, which Jackson writes.
 */
final class SqsTasksAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Map<Class<?>, List<Method>> handlers = new LinkedHashMap<>();
		Set<Class<?>> clients = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (userClass.isInterface() && AnnotationUtils.findAnnotation(userClass, SqsTaskClient.class) != null) {
				clients.add(userClass);
			}
			else if (!handlers.containsKey(userClass)) {
				List<Method> methods = handlerMethods(userClass);
				if (!methods.isEmpty()) {
					handlers.put(userClass, methods);
				}
			}
		}
		if (handlers.isEmpty() && clients.isEmpty()) {
			return null;
		}
		return (GenerationContext context, BeanFactoryInitializationCode code) -> register(context.getRuntimeHints(),
				handlers, clients);
	}

	static List<Method> handlerMethods(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, Set.of(SqsTask.class, SqsRawTask.class))) {
			return List.of();
		}
		return List.copyOf(MethodIntrospector
			.selectMethods(type, (ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method,
					SqsTask.class) || AnnotatedElementUtils.hasAnnotation(method, SqsRawTask.class)));
	}

	private static void register(RuntimeHints hints, Map<Class<?>, List<Method>> handlers, Set<Class<?>> clients) {
		BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
		handlers.forEach((type, methods) -> {
			hints.reflection().registerType(type);
			for (Method method : methods) {
				hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
				bindings.registerReflectionHints(hints.reflection(), boundTypes(method));
			}
		});
		for (Class<?> client : clients) {
			hints.proxies().registerJdkProxy(client);
			hints.reflection().registerType(client);
			for (Method method : client.getMethods()) {
				if (!method.isDefault() && !ReflectionUtils.isObjectMethod(method)) {
					hints.reflection().registerMethod(method, ExecutableMode.INTROSPECT);
					bindings.registerReflectionHints(hints.reflection(), boundTypes(method));
				}
			}
		}
	}

	/** The parameter types Jackson reads or writes: all but those sqs-tasks supplies itself. */
	private static Type[] boundTypes(Method method) {
		Class<?>[] raw = method.getParameterTypes();
		Type[] generic = method.getGenericParameterTypes();
		List<Type> types = new ArrayList<>();
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] != TaskContext.class && raw[i] != TaskMessage.class && raw[i] != String.class
					&& raw[i] != JobOptions.class) {
				types.add(generic[i]);
			}
		}
		return types.toArray(Type[]::new);
	}

}
