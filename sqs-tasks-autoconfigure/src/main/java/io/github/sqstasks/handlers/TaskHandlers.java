package io.github.sqstasks.handlers;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.PoisonMessageException;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskMessageException;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Registers task handlers in code, for handlers built at run time (what {@code @SqsTask} does for bean methods).
 * Register while the application starts (in a bean's constructor or {@code @PostConstruct}): the listener consumes the
 * queues that have handlers when it starts; a handler for a queue it already consumes may also be added later.
 *
 * <pre>{@code
 * @Component
 * class PluginTasks {
 *     PluginTasks(TaskHandlers handlers, List<Plugin> plugins) {
 *         for (Plugin plugin : plugins) {
 *             handlers.register("plugins", plugin.name(), PluginJob.class, (job, message) -> plugin.run(job));
 *         }
 *     }
 * }
 * }</pre>
 */
public final class TaskHandlers {

	private final TaskRegistry registry;

	private final TaskDefinitionFactory definitions;

	private final TaskCodec codec;

	private final Supplier<@Nullable List<String>> consumedQueues;

	/**
	 * Creates the registrar.
	 * @param registry the handlers
	 * @param definitions builds definitions as for annotated methods
	 * @param codec reads message bodies
	 * @param consumedQueues the queues the running listener consumes, {@code null} while it has not started
	 */
	public TaskHandlers(TaskRegistry registry, TaskDefinitionFactory definitions, TaskCodec codec,
			Supplier<@Nullable List<String>> consumedQueues) {
		this.registry = registry;
		this.definitions = definitions;
		this.codec = codec;
		this.consumedQueues = consumedQueues;
	}

	/**
	 * Registers a method as the handler of a task, its parameters bound as for {@code @SqsTask}: arguments by name,
	 * {@code TaskContext}, {@code TaskMessage}.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param target the object whose method runs
	 * @param method the method
	 * @throws io.github.sqstasks.core.TaskDefinitionException when a parameter cannot be bound or the task already has
	 * a handler
	 * @throws IllegalStateException when the listener already runs and does not consume {@code queue}
	 */
	public void register(String queue, String task, Object target, Method method) {
		checkListening(queue, task);
		this.registry.register(this.definitions.task(queue, task, target, method));
	}

	/**
	 * Registers a function of the task's arguments, read from the body into one record or POJO.
	 * @param <A> the arguments type
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the record or POJO the body binds to (with the application's Jackson 2 modules)
	 * @param handler what runs; it may throw, with the usual outcomes ({@code RetryLater}, {@code DoNotRetry}, ...)
	 * @throws io.github.sqstasks.core.TaskDefinitionException when the task already has a handler
	 * @throws IllegalStateException when the listener already runs and does not consume {@code queue}
	 */
	public <A> void register(String queue, String task, Class<A> arguments, Handler<A> handler) {
		checkListening(queue, task);
		Method handle = ReflectionUtils.findMethod(Adapter.class, "handle", TaskMessage.class);
		this.registry.register(this.definitions.task(queue, task,
				new Adapter<>(arguments, handler, this.codec), Objects.requireNonNull(handle)));
	}

	private void checkListening(String queue, String task) {
		List<String> consumed = this.consumedQueues.get();
		if (consumed != null && !consumed.contains(queue)) {
			throw new IllegalStateException("Cannot register task '" + task + "' on queue '" + queue + "': the "
					+ "listener already runs and consumes " + consumed + "; register handlers of a new queue while "
					+ "the application starts (in a bean's constructor or @PostConstruct)");
		}
	}

	/**
	 * A handler of a task's arguments.
	 * @param <A> the arguments type
	 */
	@FunctionalInterface
	public interface Handler<A> {

		/**
		 * Handles one message.
		 * @param arguments the body, bound
		 * @param message the message, with its context and attributes
		 * @throws Exception any failure, retried per the queue's policy
		 */
		void handle(A arguments, TaskMessage message) throws Exception;

	}

	/**
	 * The registered method of a function handler: binds the body, then calls the function.
	 */
	static final class Adapter<A> {

		private final Class<A> type;

		private final Handler<A> handler;

		private final TaskCodec codec;

		Adapter(Class<A> type, Handler<A> handler, TaskCodec codec) {
			this.type = type;
			this.handler = handler;
			this.codec = codec;
		}

		public void handle(TaskMessage message) throws Exception {
			ObjectNode body;
			try {
				body = this.codec.decodeArguments(message.body(), message.attributes().get(WireFormat.CONTENT_TYPE));
			}
			catch (IllegalArgumentException ex) {
				throw new PoisonMessageException(describe(message) + ": " + ex.getMessage(), ex);
			}
			A arguments;
			try {
				arguments = this.codec.objectMapper().treeToValue(body, this.type);
			}
			catch (Exception ex) {
				throw new TaskMessageException(describe(message) + ": arguments cannot be read as " + this.type.getName(),
						ex);
			}
			this.handler.handle(arguments, message);
		}

		private static String describe(TaskMessage message) {
			return "Message " + message.messageId() + " for task '" + LogSafe.name(message.taskName()) + "' on queue '"
					+ message.queue() + "'";
		}

	}

}
