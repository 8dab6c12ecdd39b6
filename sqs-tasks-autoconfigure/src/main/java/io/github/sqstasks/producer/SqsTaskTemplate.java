package io.github.sqstasks.producer;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Enqueues jobs for {@code @SqsTask} handlers, in this application or another one, and runs handlers synchronously.
 *
 * <p>Sends go straight through the {@link SqsAsyncClient} rather than Spring Cloud AWS's {@code SqsTemplate}: the
 * wire format allows exactly three message attributes of our own, and {@code SqsTemplate} adds its own type headers.
 *
 * <p>Every job is checked before anything is sent: arguments against the local handler (when there is one), the
 * message size against SQS's limit of 1 MiB, and FIFO rules (no per-message delay; a deduplication id unless the queue
 * deduplicates by content). Delays and delivery times may exceed 15 minutes; see {@link DelayedDelivery}.
 */
public class SqsTaskTemplate {

	private SendInstrumentation instrumentation = SendInstrumentation.NONE;

	private static final TypeReference<Map<String, Object>> PLAIN_MAP = new TypeReference<>() {
	};

	private final SqsAsyncClient sqs;

	private final TaskCodec codec;

	private final TaskRegistry registry;

	private final TaskInvoker invoker;

	private final MessageFactory messages;

	private final ArgumentCheck argumentCheck;

	private final BatchSender batchSender;

	private final ThreadLocal<BatchBuffer> batches = new ThreadLocal<>();

	private JobDeferral deferral = JobDeferral.NONE;

	/**
	 * Creates the template on the system clock.
	 * @param sqs the client
	 * @param queues resolves queue names and URLs
	 * @param codec writes bodies and context
	 * @param registry the handlers of this application, to check arguments before sending and for {@code run}
	 * @param invoker invokes handlers for {@code run}
	 */
	public SqsTaskTemplate(SqsAsyncClient sqs, QueueResolver queues, TaskCodec codec, TaskRegistry registry,
			TaskInvoker invoker) {
		this(sqs, queues, codec, registry, invoker, Clock.systemUTC());
	}

	/**
	 * Creates the template.
	 * @param sqs the client
	 * @param queues resolves queue names and URLs
	 * @param codec writes bodies and context
	 * @param registry the handlers of this application, to check arguments before sending and for {@code run}
	 * @param invoker invokes handlers for {@code run}
	 * @param clock turns delays and delivery times into the delivery time carried by long-delayed jobs
	 */
	public SqsTaskTemplate(SqsAsyncClient sqs, QueueResolver queues, TaskCodec codec, TaskRegistry registry,
			TaskInvoker invoker, Clock clock) {
		this.sqs = sqs;
		this.codec = codec;
		this.registry = registry;
		this.invoker = invoker;
		this.messages = new MessageFactory(codec, queues, new FifoQueues(sqs), clock);
		this.argumentCheck = new ArgumentCheck(registry);
		this.batchSender = new BatchSender(sqs);
	}

	/**
	 * Sets the largest message each queue accepts (body plus attributes); SQS's 1 MiB by default. Larger jobs are
	 * refused before anything is sent.
	 * @param maxMessageBytes the limit of a queue, by queue name without prefix
	 */
	public void setMaxMessageBytes(java.util.function.ToIntFunction<String> maxMessageBytes) {
		this.messages.setMaxMessageBytes(maxMessageBytes);
	}

	/**
	 * Sets the longest delay a job may have ({@code sqs-tasks.max-delay}); longer ones are refused before sending.
	 * @param maxDelay the longest delay, {@link JobOptions#DEFAULT_MAX_DELAY} unless set
	 */
	public void setMaxDelay(java.time.Duration maxDelay) {
		this.messages.setMaxDelay(maxDelay);
	}

	/**
	 * Sets what wraps each enqueued job (tracing); none by default.
	 * @param instrumentation the instrumentation
	 */
	public void setSendInstrumentation(SendInstrumentation instrumentation) {
		this.instrumentation = instrumentation;
	}

	/**
	 * Sets what may hold checked jobs back, for example until the current transaction commits; none by default.
	 * @param deferral the deferral
	 */
	public void setJobDeferral(JobDeferral deferral) {
		this.deferral = deferral;
	}

	/**
	 * Sends a job with default options.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public @Nullable String addJob(String queue, String task, Map<String, ?> arguments) {
		return addJob(queue, task, arguments, JobOptions.defaults());
	}

	/**
	 * Sends a job.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @param options delay or delivery time, group and deduplication id
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}, where the job is only buffered
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public @Nullable String addJob(String queue, String task, Map<String, ?> arguments, JobOptions options) {
		this.argumentCheck.check(queue, task, arguments);
		String body = this.codec.encodeArguments(arguments);
		return this.instrumentation.send(queue, task, TaskContext.current(),
				(context) -> dispatch(this.messages.task(queue, task, body, options, context)));
	}

	/**
	 * Sends a baked task, with the context it was baked in; the message is the one {@code addJob} sends for the same
	 * values in that context. A delay is counted from now, not from when the task was baked.
	 * @param baked the task
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public @Nullable String addJob(BakedTask baked) {
		this.argumentCheck.check(baked.queue(), baked.task(), baked.arguments());
		String body = this.codec.encodeArguments(baked.arguments());
		return this.instrumentation.send(baked.queue(), baked.task(), TaskContext.of(baked.context()),
				(context) -> dispatch(this.messages.task(baked.queue(), baked.task(), body, baked.options(), context)));
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
		this.argumentCheck.check(queue, task, arguments);
		Map<String, Object> plain = this.codec.objectMapper().convertValue(arguments, PLAIN_MAP);
		return new BakedTask(queue, task, plain, options, TaskContext.current().asMap());
	}

	/**
	 * Sends a raw body with no attributes, for a {@code @SqsRawTask} handler or another consumer.
	 * @param queue the queue name without prefix
	 * @param body the body, sent as-is
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public @Nullable String addRawJob(String queue, String body) {
		return addRawJob(queue, body, JobOptions.defaults());
	}

	/**
	 * Sends a raw body with no attributes. A raw job cannot be delayed beyond 15 minutes: it has no context to carry
	 * its delivery time in.
	 * @param queue the queue name without prefix
	 * @param body the body, sent as-is
	 * @param options delay or delivery time, group and deduplication id
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}
	 * @throws JobSendException when the job is refused or the send fails
	 */
	public @Nullable String addRawJob(String queue, String body, JobOptions options) {
		return addRawJob(queue, body, Map.of(), options);
	}

	/**
	 * Sends a raw body with message attributes of the caller's choosing (String attributes), for consumers that read
	 * them. The attributes are checked before anything is sent: at most 10; names of 1 to 256 letters, digits, '_',
	 * '-' and '.' (not starting or ending with '.', no '..'), not starting with {@code AWS.} or {@code Amazon.}, and
	 * not one the library reads ({@code JobName}, {@code ContentType}, {@code JobContext}, {@code FailureReason});
	 * values not empty and of characters SQS accepts. They count towards the queue's message size limit.
	 * @param queue the queue name without prefix
	 * @param body the body, sent as-is
	 * @param attributes the message attributes, by name
	 * @param options delay or delivery time, group and deduplication id
	 * @return the SQS message id, or {@code null} inside a {@link #batch()}
	 * @throws JobSendException naming the attribute when one is refused, or when the send fails
	 */
	public @Nullable String addRawJob(String queue, String body, Map<String, String> attributes, JobOptions options) {
		return dispatch(this.messages.raw(queue, body, attributes, options));
	}

	/**
	 * Opens a batch on this thread: until it closes, {@code addJob} and {@code addRawJob} calls on this thread only
	 * buffer their jobs (and return {@code null}); they are sent per queue as {@code SendMessageBatch} requests of at
	 * most 10 jobs and 1 MiB. A request that fills up may be sent before the batch closes. Batches nest: an inner
	 * batch joins the outer one, and only closing the outermost sends. Close the batch on the thread that opened it,
	 * best with try-with-resources; it is flushed even when the block ends with an exception.
	 * @return the batch to close
	 */
	public Batch batch() {
		if (this.batches.get() != null) {
			return new Batch(null);
		}
		BatchBuffer buffer = new BatchBuffer(this.batchSender);
		this.batches.set(buffer);
		return new Batch(() -> {
			this.batches.remove();
			buffer.flush();
		});
	}

	/**
	 * Runs the registered handler of a task now, in this thread, through the same argument binding, without SQS.
	 * @param queue the queue name without prefix
	 * @param task the task name
	 * @param arguments the named arguments
	 * @return what the handler returned, {@code null} for a {@code void} handler
	 * @throws IllegalArgumentException when no handler is registered for the task
	 * @throws RuntimeException what the handler throws; checked exceptions wrapped in {@link IllegalStateException}
	 */
	public @Nullable Object run(String queue, String task, Map<String, ?> arguments) {
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
			return this.invoker.invoke(definition, message);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Task '" + task + "' on queue '" + queue + "' failed: " + ex, ex);
		}
	}

	private @Nullable String dispatch(PreparedMessage message) {
		if (this.deferral.defer(message)) {
			return null;
		}
		BatchBuffer batch = this.batches.get();
		if (batch != null) {
			batch.add(message);
			return null;
		}
		try {
			return this.sqs.sendMessage(message.request()).join().messageId();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JobSendException("Could not send " + message.what() + " to queue '" + message.queue() + "': "
					+ cause.getMessage(), cause);
		}
	}

	/**
	 * An open batch of jobs on one thread; closing the outermost batch sends what is still buffered.
	 */
	public static final class Batch implements AutoCloseable {

		private @Nullable Runnable flush;

		private Batch(@Nullable Runnable flush) {
			this.flush = flush;
		}

		/**
		 * Sends the buffered jobs, when this is the outermost batch; closing twice does nothing.
		 * @throws BatchSendException naming each job that was not sent; the others were
		 */
		@Override
		public void close() {
			Runnable pending = this.flush;
			this.flush = null;
			if (pending != null) {
				pending.run();
			}
		}

	}

}
