package io.github.sqstasks.core;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;

import org.springframework.core.Nullness;

/**
 * Builds {@link TaskDefinition}s from handler methods, failing with an actionable message when a parameter cannot be
 * bound.
 */
public final class TaskDefinitionFactory {

	private final ObjectMapper objectMapper;

	/**
	 * Creates the factory.
	 * @param objectMapper the mapper that will convert arguments, used to check that each type can be read
	 */
	public TaskDefinitionFactory(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/**
	 * Creates the definition of an {@code @SqsTask} handler.
	 * @param queue the queue name, placeholders resolved
	 * @param name the task name
	 * @param bean the bean
	 * @param method the invocable method
	 * @return the definition
	 * @throws TaskDefinitionException when a parameter cannot be bound
	 */
	public TaskDefinition task(String queue, String name, Object bean, Method method) {
		checkName("queue", queue, method);
		checkName("task", name, method);
		List<ParameterBinding> bindings = new ArrayList<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			bindings.add(bind(parameters[i], i, method));
		}
		return new TaskDefinition(queue, name, false, bean, method, bindings);
	}

	/**
	 * Creates the definition of an {@code @SqsTask(batch = true)} handler.
	 * @param queue the queue name, placeholders resolved
	 * @param name the task name
	 * @param bean the bean
	 * @param method the invocable method, taking one {@code List} of arguments records or of {@code TaskMessage}
	 * @return the definition
	 * @throws TaskDefinitionException when the method does not take exactly one such list
	 */
	public TaskDefinition batchTask(String queue, String name, Object bean, Method method) {
		checkName("queue", queue, method);
		checkName("task", name, method);
		Parameter[] parameters = method.getParameters();
		JavaType type = (parameters.length == 1)
				? this.objectMapper.getTypeFactory().constructType(parameters[0].getParameterizedType()) : null;
		if (type == null || type.getRawClass() != java.util.List.class) {
			throw new TaskDefinitionException("@SqsTask(batch = true) method " + describe(method) + " must take exactly "
					+ "one parameter, a List of a record of the task's arguments or a List<TaskMessage>");
		}
		JavaType element = type.containedTypeOrUnknown(0);
		boolean messages = element.getRawClass() == TaskMessage.class;
		if (!messages) {
			checkReadable(parameters[0], element, method);
		}
		return new TaskDefinition(queue, name, false, bean, method,
				List.of(new ParameterBinding.Batch(element, messages)));
	}

	/**
	 * Creates the definition of an {@code @SqsRawTask} handler.
	 * @param queue the queue name, placeholders resolved
	 * @param bean the bean
	 * @param method the invocable method, taking one {@code String} or {@code TaskMessage}
	 * @return the definition
	 * @throws TaskDefinitionException when the method does not take exactly one such parameter
	 */
	public TaskDefinition rawTask(String queue, Object bean, Method method) {
		checkName("queue", queue, method);
		Class<?>[] types = method.getParameterTypes();
		if (types.length != 1 || (types[0] != String.class && types[0] != TaskMessage.class)) {
			throw new TaskDefinitionException("@SqsRawTask method " + describe(method)
					+ " must take exactly one parameter, of type String (the body) or TaskMessage");
		}
		ParameterBinding binding = (types[0] == String.class) ? new ParameterBinding.Body()
				: new ParameterBinding.Message();
		return new TaskDefinition(queue, queue, true, bean, method, List.of(binding));
	}

	private ParameterBinding bind(Parameter parameter, int index, Method method) {
		Class<?> type = parameter.getType();
		if (type == TaskContext.class) {
			return new ParameterBinding.Context();
		}
		if (type == TaskMessage.class) {
			return new ParameterBinding.Message();
		}
		if (!parameter.isNamePresent()) {
			throw new TaskDefinitionException("Cannot bind parameter " + parameter.getName() + " of " + describe(method)
					+ ": parameter names are not in the class file. Compile with '-parameters' (Spring Boot's Maven "
					+ "and Gradle plugins do so by default).");
		}
		boolean optional = type == Optional.class;
		JavaType javaType = this.objectMapper.getTypeFactory().constructType(parameter.getParameterizedType());
		JavaType valueType = optional ? javaType.containedTypeOrUnknown(0) : javaType;
		checkReadable(parameter, valueType, method);
		boolean defaulted = KotlinHandlers.isKotlin(method) && KotlinHandlers.hasDefault(method, index);
		return new ParameterBinding.Argument(parameter.getName(), javaType, optional, isNullable(parameter),
				defaulted);
	}

	private void checkReadable(Parameter parameter, JavaType type, Method method) {
		Class<?> raw = type.getRawClass();
		boolean abstractValue = !raw.isPrimitive() && !raw.isArray()
				&& (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) && !type.isContainerType()
				&& !type.isReferenceType() && !JsonNode.class.isAssignableFrom(raw) && raw != Number.class
				&& raw != CharSequence.class;
		if (abstractValue || !this.objectMapper.canDeserialize(type)) {
			throw new TaskDefinitionException("Cannot bind parameter '" + parameter.getName() + "' of " + describe(method)
					+ ": type " + type.toCanonical() + " cannot be read from JSON. Use a concrete type (a record, a "
					+ "POJO, a collection, a java.time value...) or TaskContext / TaskMessage.");
		}
		checkKotlinClasses(parameter, type, method);
	}

	/**
	 * A Kotlin class (a data class, typically) has no creator Jackson finds without jackson-module-kotlin, and Jackson
	 * only says so when it reads a value; reading an empty object now moves that failure from the first message to
	 * start-up. Other errors of that read (a missing property) are what an empty object should cause, and pass.
	 */
	private void checkKotlinClasses(Parameter parameter, JavaType type, Method method) {
		Class<?> raw = type.getRawClass();
		if (KotlinHandlers.isKotlinType(raw) && !raw.isEnum() && !type.isContainerType()) {
			try {
				this.objectMapper.readerFor(type).readValue("{}");
			}
			catch (InvalidDefinitionException ex) {
				throw new TaskDefinitionException("Cannot bind parameter '" + parameter.getName() + "' of "
						+ describe(method) + ": Kotlin class " + raw.getName() + " cannot be created by Jackson. Add "
						+ "com.fasterxml.jackson.module:jackson-module-kotlin and a KotlinModule bean "
						+ "(new KotlinModule.Builder().build()), which sqs-tasks registers on its ObjectMapper.");
			}
			catch (Exception ex) {
				// an empty object may well be refused for its content: the class itself can be created
			}
		}
		for (int i = 0; i < type.containedTypeCount(); i++) {
			checkKotlinClasses(parameter, type.containedTypeOrUnknown(i), method);
		}
	}

	/**
	 * Any {@code @Nullable} annotation kept at run time, by its simple name, or what Spring's {@link Nullness} finds
	 * (JSpecify scopes, Kotlin's nullable types, which Kotlin marks only in its own metadata).
	 */
	private static boolean isNullable(Parameter parameter) {
		if (Nullness.forParameter(parameter) == Nullness.NULLABLE) {
			return true;
		}
		for (var annotation : parameter.getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		for (var annotation : parameter.getAnnotatedType().getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	private static void checkName(String what, String value, Method method) {
		if (value.isBlank()) {
			throw new TaskDefinitionException("Empty " + what + " name on " + describe(method));
		}
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "#" + method.getName();
	}

}
