package io.github.sqstasks.producer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.ParameterBinding;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Enqueues jobs for {@code @SqsTask} handlers, in this application or another one, and runs handlers synchronously.
 *
 * <p>Sends go straight through the {@link SqsAsyncClient} rather than Spring Cloud AWS's {@code SqsTemplate}: the
 * wire format allows exactly three message attributes of our own, and {@code SqsTemplate} adds its own type headers.
 */
public class SqsTaskTemplate {

	private static final TypeReference<Map<String, Object>> PLAIN_MAP = new TypeReference<>() {
	};

	private final SqsAsyncClient sqs;

	private final TaskCodec codec;

	private final TaskRegistry registry;

	private final TaskInvoker invoker;

	private final MessageFactory messages;

	/**
	 * Creates the template.
	 * @param sqs the client
	 * @param queues resolves queue names and URLs
	 * @param codec writes bodies and context
	 * @param registry the handlers of this application, to check arguments before sending and for {@code run}
	 * @param invoker invokes handlers for {@code run}
	 */
	public SqsTaskTemplate(SqsAsyncClient sqs, QueueResolver queues, TaskCodec codec, TaskRegistry registry,
			TaskInvoker invoker) {
		this.sqs = sqs;
		this.codec = codec;
		this.registry = registry;
		this.invoker = invoker;
		this.messages = new MessageFactory(codec, queues);
	}

	/**
	 * Sends a job with default options.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @return the SQS message id
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public String addJob(String queue, String task, Map<String, ?> arguments) {
		return addJob(queue, task, arguments, JobOptions.defaults());
	}

	/**
	 * Sends a job.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @param options delay, group and deduplication id
	 * @return the SQS message id
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public String addJob(String queue, String task, Map<String, ?> arguments, JobOptions options) {
		checkArguments(queue, task, arguments);
		String body = this.codec.encodeArguments(arguments);
		return send(this.messages.task(queue, task, body, options, TaskContext.current()), queue, "task '" + task + "'");
	}

	/**
	 * Sends a baked task, with the context it was baked in.
	 * @param baked the task
	 * @return the SQS message id
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public String addJob(BakedTask baked) {
		checkArguments(baked.queue(), baked.task(), baked.arguments());
		String body = this.codec.encodeArguments(baked.arguments());
		SendMessageRequest request = this.messages.task(baked.queue(), baked.task(), body, baked.options(),
				TaskContext.of(baked.context()));
		return send(request, baked.queue(), "task '" + baked.task() + "'");
	}

	/**
	 * Prepares a job without sending it; the current context is captured.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments, converted to plain JSON values now
	 * @return the baked task
	 */
	public BakedTask bake(String queue, String task, Map<String, ?> arguments) {
		return bake(queue, task, arguments, JobOptions.defaults());
	}

	/**
	 * Prepares a job without sending it; the current context is captured.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments, converted to plain JSON values now
	 * @param options the send options
	 * @return the baked task
	 */
	public BakedTask bake(String queue, String task, Map<String, ?> arguments, JobOptions options) {
		checkArguments(queue, task, arguments);
		Map<String, Object> plain = this.codec.objectMapper().convertValue(arguments, PLAIN_MAP);
		return new BakedTask(queue, task, plain, options, TaskContext.current().asMap());
	}

	/**
	 * Sends a raw body with no attributes, for a {@code @SqsRawTask} handler or another consumer.
	 * @param queue the queue name without prefix
	 * @param body the body, sent as-is
	 * @return the SQS message id
	 */
	public String addRawJob(String queue, String body) {
		return addRawJob(queue, body, JobOptions.defaults());
	}

	/**
	 * Sends a raw body with no attributes.
	 * @param queue the queue name without prefix
	 * @param body the body, sent as-is
	 * @param options delay, group and deduplication id
	 * @return the SQS message id
	 */
	public String addRawJob(String queue, String body, JobOptions options) {
		return send(this.messages.raw(queue, body, options), queue, "raw job");
	}

	/**
	 * Runs the registered handler of a task now, in this thread, through the same argument binding, without SQS.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @throws IllegalArgumentException when no handler is registered for the task
	 * @throws RuntimeException what the handler throws; checked exceptions wrapped in {@link IllegalStateException}
	 */
	public void run(String queue, String task, Map<String, ?> arguments) {
		TaskDefinition definition = this.registry.find(queue, task);
		if (definition == null) {
			throw new IllegalArgumentException("No handler for task '" + task + "' on queue '" + queue
					+ "' in this application; registered: " + this.registry.definitions(queue).stream()
						.map(TaskDefinition::name)
						.toList());
		}
		String body = this.codec.encodeArguments(arguments);
		TaskContext context = TaskContext.current();
		TaskMessage message = new TaskMessage("run-" + UUID.randomUUID(), queue, task, body, 1,
				Map.of(WireFormat.JOB_NAME, task, WireFormat.CONTENT_TYPE, WireFormat.JSON, WireFormat.JOB_CONTEXT,
						this.codec.encodeContext(context)),
				context);
		try {
			this.invoker.invoke(definition, arguments, message);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Task '" + task + "' on queue '" + queue + "' failed: " + ex, ex);
		}
	}

	private void checkArguments(String queue, String task, Map<String, ?> arguments) {
		TaskDefinition definition = this.registry.find(queue, task);
		if (definition == null || definition.raw() || definition.isBatch()) {
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

	private String send(SendMessageRequest request, String queue, String what) {
		try {
			return this.sqs.sendMessage(request).join().messageId();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JobSendException("Could not send " + what + " to queue '" + queue + "': " + cause.getMessage(),
					cause);
		}
	}

}
