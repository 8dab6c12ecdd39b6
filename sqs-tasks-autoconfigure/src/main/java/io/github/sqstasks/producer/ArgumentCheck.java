package io.github.sqstasks.producer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.sqstasks.core.ParameterBinding;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskRegistry;

/**
 * Refuses, before sending, arguments that the local handler of a task would not accept.
 */
final class ArgumentCheck {

	private final TaskRegistry registry;

	ArgumentCheck(TaskRegistry registry) {
		this.registry = registry;
	}

	/** A handler that takes the whole message and no named argument (a code-registered function) reads the body. */
	private static boolean readsTheBodyItself(TaskDefinition definition) {
		return definition.arguments().isEmpty()
				&& definition.parameters().stream().anyMatch(ParameterBinding.Message.class::isInstance);
	}

	void check(String queue, String task, Map<String, ?> arguments) {
		TaskDefinition definition = this.registry.find(queue, task);
		if (definition == null || definition.raw() || definition.isBatch() || readsTheBodyItself(definition)) {
			return;
		}
		Map<String, ParameterBinding.Argument> expected = new LinkedHashMap<>();
		definition.arguments().forEach((argument) -> expected.put(argument.name(), argument));
		Set<String> unknown = new TreeSet<>(arguments.keySet());
		unknown.removeAll(expected.keySet());
		Set<String> missing = new TreeSet<>();
		expected.values().stream()
			.filter((argument) -> argument.isRequired() && arguments.get(argument.name()) == null)
			.forEach((argument) -> missing.add(argument.name()));
		if (!unknown.isEmpty() || !missing.isEmpty()) {
			throw new JobSendException("Refusing to send task '" + task + "' to queue '" + queue + "': "
					+ (unknown.isEmpty() ? "" : "unknown arguments " + unknown + " ")
					+ (missing.isEmpty() ? "" : "missing arguments " + missing + " ") + "for handler "
					+ definition.describeMethod() + ", which takes " + expected.keySet() + ". Nothing was sent.");
		}
	}

}
