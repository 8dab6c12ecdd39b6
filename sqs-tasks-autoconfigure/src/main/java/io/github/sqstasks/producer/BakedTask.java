package io.github.sqstasks.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job ready to send: queue, task, arguments as plain JSON values, options and context. A value that can be stored
 * (a plain Jackson {@code ObjectMapper} writes and reads it back equal), passed around and sent later with
 * {@code SqsTaskTemplate.addJob(baked)}.
 *
 * @param queue the queue name without prefix
 * @param task the task name
 * @param arguments the named arguments, converted to plain JSON values (maps, lists, strings, numbers, booleans)
 * @param options the send options
 * @param context the context captured when the task was baked
 */
public record BakedTask(String queue, String task, Map<String, Object> arguments, JobOptions options,
		Map<String, String> context) {

	/**
	 * Creates the value; missing collections and options become empty ones.
	 */
	public BakedTask {
		arguments = (arguments != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(arguments)) : Map.of();
		options = (options != null) ? options : JobOptions.defaults();
		context = (context != null) ? Map.copyOf(context) : Map.of();
	}

}
