package io.github.sqstasks.client;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.producer.JobOptions;
import org.jspecify.annotations.Nullable;

/**
 * How one method of a task client sends its task: the task name, the argument names, and which parameter holds the
 * options; checked once when the client is created.
 *
 * @param task the task name
 * @param argumentNames the name of each parameter, {@code null} for the options parameter
 * @param optionsIndex the index of the {@code JobOptions} parameter, or -1
 * @param returnsMessageId whether the method returns the message id
 */
record ClientMethod(String task, List<@Nullable String> argumentNames, int optionsIndex, boolean returnsMessageId) {

	static ClientMethod of(Class<?> client, Method method) {
		String where = client.getSimpleName() + "#" + method.getName();
		Class<?> returnType = method.getReturnType();
		if (returnType != void.class && returnType != String.class) {
			throw new IllegalStateException("Task client method " + where + " returns " + returnType.getName()
					+ ": @SqsTaskClient methods return void or String (the message id).");
		}
		List<@Nullable String> names = new ArrayList<>();
		int optionsIndex = -1;
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == JobOptions.class) {
				if (optionsIndex >= 0) {
					throw new IllegalStateException("Task client method " + where + " has two JobOptions parameters; "
							+ "it may have one.");
				}
				optionsIndex = i;
				names.add(null);
			}
			else {
				names.add(argumentName(where, parameters[i]));
			}
		}
		SqsTaskClient.Task task = method.getAnnotation(SqsTaskClient.Task.class);
		return new ClientMethod((task != null) ? task.value() : method.getName(), names, optionsIndex,
				returnType == String.class);
	}

	private static String argumentName(String where, Parameter parameter) {
		if (!parameter.isNamePresent()) {
			throw new IllegalStateException("Task client method " + where + " has a parameter without its name ("
					+ parameter.getName() + "): compile with -parameters so that arguments are sent by name.");
		}
		return parameter.getName();
	}

	Map<String, @Nullable Object> arguments(@Nullable Object[] args) {
		Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String name = this.argumentNames.get(i);
			if (name != null) {
				arguments.put(name, args[i]);
			}
		}
		return arguments;
	}

	JobOptions options(@Nullable Object[] args) {
		Object options = (this.optionsIndex >= 0) ? args[this.optionsIndex] : null;
		return (options != null) ? (JobOptions) options : JobOptions.defaults();
	}

}
