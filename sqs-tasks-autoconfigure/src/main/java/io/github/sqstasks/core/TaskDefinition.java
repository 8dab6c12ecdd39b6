package io.github.sqstasks.core;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A registered handler: the bean method that runs a task of a queue, with how each parameter is bound.
 *
 * @param queue the queue's name without prefix, placeholders resolved
 * @param name the task name ({@code JobName}); for raw tasks the queue's name
 * @param raw whether the handler receives the body as-is ({@code @SqsRawTask})
 * @param bean the bean whose method is invoked
 * @param method the invocable method (on the bean's class or proxy)
 * @param parameters one binding per method parameter, in order
 */
public record TaskDefinition(String queue, String name, boolean raw, Object bean, Method method,
		List<ParameterBinding> parameters) {

	/**
	 * Creates the definition with an unmodifiable copy of the bindings.
	 */
	public TaskDefinition {
		parameters = List.copyOf(parameters);
	}

	/**
	 * Returns the named arguments the handler takes from the body.
	 * @return the argument bindings, in parameter order
	 */
	public List<ParameterBinding.Argument> arguments() {
		if (isBatch()) {
			return List.of();
		}
		return this.parameters.stream()
			.filter(ParameterBinding.Argument.class::isInstance)
			.map(ParameterBinding.Argument.class::cast)
			.toList();
	}

	/**
	 * Tells whether the handler takes a batch of messages at once.
	 * @return {@code true} for {@code @SqsTask(batch = true)} handlers
	 */
	public boolean isBatch() {
		return this.parameters.size() == 1 && this.parameters.get(0) instanceof ParameterBinding.Batch;
	}

	/**
	 * Describes the handler method for messages, like {@code com.example.EmailTasks#sendEmail(String, String)}.
	 * @return the description
	 */
	public String describeMethod() {
		StringBuilder text = new StringBuilder(this.method.getDeclaringClass().getName()).append('#')
			.append(this.method.getName())
			.append('(');
		Class<?>[] types = this.method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			text.append(i > 0 ? ", " : "").append(types[i].getSimpleName());
		}
		return text.append(')').toString();
	}

}
