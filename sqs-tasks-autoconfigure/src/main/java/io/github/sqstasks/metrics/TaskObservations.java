package io.github.sqstasks.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.producer.SendInstrumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Micrometer observations of sending ({@code sqstasks.send}) and running ({@code sqstasks.task}) jobs, named and
 * tagged by a {@link TaskSendObservationConvention} and a {@link TaskProcessObservationConvention} (the defaults, or
 * an application's beans). With a tracing bridge, the sender's trace context travels inside {@code JobContext}
 * (reserved {@code _sqs_tasks_trace_} keys, no extra message attribute), and each run is a child span of the send
 * that enqueued it.
 */
public final class TaskObservations implements SendInstrumentation, TaskInterceptor, Ordered {

	static final String TRACE_PREFIX = WireFormat.RESERVED_CONTEXT_PREFIX + "trace_";

	private final ObservationRegistry registry;

	private final TaskCodec codec;

	private final TaskRegistry tasks;

	private final Function<String, String> destinations;

	private @Nullable TaskSendObservationConvention sendConvention;

	private @Nullable TaskProcessObservationConvention processConvention;

	private final Map<String, Observation.Scope> running = new ConcurrentHashMap<>();

	/**
	 * Creates the observations.
	 * @param registry the observation registry
	 * @param codec reads the raw {@code JobContext} of received messages
	 * @param tasks the handlers, whose names are the only {@code task} values of received messages' observations
	 * @param destinations gives a queue's SQS name (prefix included) from its name without prefix
	 */
	public TaskObservations(ObservationRegistry registry, TaskCodec codec, TaskRegistry tasks,
			Function<String, String> destinations) {
		this.registry = registry;
		this.codec = codec;
		this.tasks = tasks;
		this.destinations = destinations;
	}

	/**
	 * Replaces the default convention of {@code sqstasks.send}.
	 * @param convention the application's convention, or {@code null} for the default
	 */
	public void setSendConvention(@Nullable TaskSendObservationConvention convention) {
		this.sendConvention = convention;
	}

	/**
	 * Replaces the default convention of {@code sqstasks.task}.
	 * @param convention the application's convention, or {@code null} for the default
	 */
	public void setProcessConvention(@Nullable TaskProcessObservationConvention convention) {
		this.processConvention = convention;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable String send(String queue, String task, TaskContext context,
			Function<TaskContext, @Nullable String> send) {
		TaskSendContext sender = new TaskSendContext(queue, task, this.destinations.apply(queue));
		Observation observation = Observation.createNotStarted(this.sendConvention,
				DefaultTaskSendObservationConvention.INSTANCE, () -> sender, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Map<String, String> values = new LinkedHashMap<>(context.asMap());
			values.putAll(sender.getCarrier());
			String messageId = send.apply(TaskContext.of(values));
			sender.setMessageId(messageId);
			return messageId;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public void beforeTask(TaskMessage message) {
		String task = this.tasks.countedName(message.queue(), message.taskName());
		TaskProcessContext receiver = new TaskProcessContext(message, task, this.destinations.apply(message.queue()),
				rawContext(message));
		Observation observation = Observation.createNotStarted(this.processConvention,
				DefaultTaskProcessObservationConvention.INSTANCE, () -> receiver, this.registry)
			.start();
		this.running.put(message.messageId(), observation.openScope());
	}

	@Override
	public void onError(TaskMessage message, Throwable error) {
		Observation.Scope scope = this.running.get(message.messageId());
		if (scope != null) {
			scope.getCurrentObservation().error(error);
		}
	}

	@Override
	public void afterCompletion(TaskMessage message, @Nullable Throwable error) {
		Observation.Scope scope = this.running.remove(message.messageId());
		if (scope == null) {
			return;
		}
		Observation observation = scope.getCurrentObservation();
		scope.close();
		observation.stop();
	}
	private Map<String, String> rawContext(TaskMessage message) {
		String json = message.attributes().get(WireFormat.JOB_CONTEXT);
		try {
			return (json != null)
					? this.codec.decodeContext(json, message.attributes().get(WireFormat.CONTENT_TYPE)).asMap()
					: Map.of();
		}
		catch (IllegalArgumentException ex) {
			return Map.of();
		}
	}

}
