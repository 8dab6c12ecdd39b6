package io.github.sqstasks.autoconfigure.diagnostics;

import io.github.sqstasks.core.TaskDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a handler method that cannot be registered: two handlers for one task, a parameter that cannot be bound,
 * or another mistake in its annotation.
 */
final class TaskDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<TaskDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TaskDefinitionException cause) {
		// The exception's message already names the task, queue and method(s); the action depends on the mistake.
		String message = cause.getMessage();
		return new FailureAnalysis("An sqs-tasks handler cannot be registered: " + message, action(message), cause);
	}

	private static String action(String message) {
		if (message.startsWith("Two handlers for task")) {
			return "Give one of the two methods another task name (@SqsTask(name = ...)) or another queue, or remove "
					+ "one of them. Each task name must have exactly one handler per queue.";
		}
		if (message.startsWith("Cannot bind parameter")) {
			return "Declare the parameter with a type Jackson can read from a JSON value (a record, a POJO, a "
					+ "collection, a java.time value...), or TaskContext or TaskMessage; for a type of your own, "
					+ "register a Jackson Module bean with its deserializer (README, Jackson). Compile with "
					+ "'-parameters' so that parameters bind by name.";
		}
		return "Correct the @SqsTask or @SqsRawTask annotation or the method named above.";
	}

}
