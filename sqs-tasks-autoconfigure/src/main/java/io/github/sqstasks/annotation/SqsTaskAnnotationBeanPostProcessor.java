package io.github.sqstasks.annotation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds {@link SqsTask} and {@link SqsRawTask} methods on every bean and registers them in the {@link TaskRegistry}.
 */
public class SqsTaskAnnotationBeanPostProcessor implements BeanPostProcessor, EmbeddedValueResolverAware {

	private final ObjectProvider<TaskRegistry> registry;

	private final ObjectProvider<TaskDefinitionFactory> definitions;

	private final Set<Class<?>> classesWithoutTasks = ConcurrentHashMap.newKeySet();

	private @Nullable StringValueResolver resolver;

	/**
	 * Creates the post-processor; its collaborators are looked up lazily, as post-processors are created early.
	 * @param registry the registry to fill
	 * @param definitions builds definitions from methods
	 */
	public SqsTaskAnnotationBeanPostProcessor(ObjectProvider<TaskRegistry> registry,
			ObjectProvider<TaskDefinitionFactory> definitions) {
		this.registry = registry;
		this.definitions = definitions;
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutTasks.contains(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass,
						Set.of(SqsTask.class, SqsRawTask.class, SqsTaskSchedule.class, SqsTaskSchedules.class))) {
			return bean;
		}
		Map<Method, SqsTask> tasks = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<SqsTask>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, SqsTask.class));
		Map<Method, SqsRawTask> rawTasks = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<SqsRawTask>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, SqsRawTask.class));
		checkSchedulesAreOnTasks(targetClass, tasks);
		if (tasks.isEmpty() && rawTasks.isEmpty()) {
			this.classesWithoutTasks.add(targetClass);
			return bean;
		}
		TaskRegistry taskRegistry = this.registry.getObject();
		TaskDefinitionFactory factory = this.definitions.getObject();
		SqsTaskQueue classQueue = AnnotatedElementUtils.findMergedAnnotation(targetClass, SqsTaskQueue.class);
		tasks.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			String name = resolve(annotation.name());
			String queue = resolve(!annotation.queue().isEmpty() ? annotation.queue()
					: (classQueue != null) ? classQueue.value() : "");
			if (queue.isEmpty()) {
				throw new TaskDefinitionException("Method " + method + " has @SqsTask without a queue, and its class "
						+ "has no @SqsTaskQueue: set @SqsTask(queue = \"...\") or annotate the class with "
						+ "@SqsTaskQueue(\"...\")");
			}
			String task = name.isEmpty() ? method.getName() : name;
			taskRegistry.register(annotation.batch() ? factory.batchTask(queue, task, bean, invocable)
					: factory.task(queue, task, bean, invocable));
		});
		rawTasks.forEach((method, annotation) -> {
			if (tasks.containsKey(method)) {
				throw new TaskDefinitionException("Method " + method + " has both @SqsTask and @SqsRawTask");
			}
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			taskRegistry.register(factory.rawTask(resolve(annotation.queue()), bean, invocable));
		});
		return bean;
	}

	/** Schedules are read from registered tasks, so one on any other method would silently never run. */
	private static void checkSchedulesAreOnTasks(Class<?> targetClass, Map<Method, SqsTask> tasks) {
		Map<Method, Boolean> scheduled = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils
					.findMergedRepeatableAnnotations(method, SqsTaskSchedule.class)
					.isEmpty() ? null : Boolean.TRUE);
		for (Method method : scheduled.keySet()) {
			if (!tasks.containsKey(method)) {
				throw new TaskDefinitionException("Method " + method + " has @SqsTaskSchedule without @SqsTask: a "
						+ "schedule enqueues the task of the @SqsTask method it is on. Add @SqsTask, or declare the "
						+ "schedule under sqs-tasks.schedules.");
			}
		}
	}

	private String resolve(String value) {
		String resolved = (this.resolver != null) ? this.resolver.resolveStringValue(value) : value;
		return (resolved != null) ? resolved : value;
	}

}
