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
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Micrometer observations of sending ({@code sqstasks.send}) and running ({@code sqstasks.task}) jobs, with
 * {@code queue}, {@code task} and, for runs, {@code outcome} tags. With a tracing bridge, the sender's trace context
 * travels inside {@code JobContext} (reserved {@code _sqs_tasks_trace_} keys, no extra message attribute), and each run
 * is a child span of the send that enqueued it.
 */
public final class TaskObservations implements SendInstrumentation, TaskInterceptor, Ordered {

	static final String TRACE_PREFIX = WireFormat.RESERVED_CONTEXT_PREFIX + "trace_";

	private final ObservationRegistry registry;

	private final TaskCodec codec;

	private final TaskRegistry tasks;

	private final Map<String, Observation.Scope> running = new ConcurrentHashMap<>();

	/**
	 * Creates the observations.
	 * @param registry the observation registry
	 * @param codec reads the raw {@code JobContext} of received messages
	 * @param tasks the handlers, whose names are the only {@code task} values of received messages' observations
	 */
	public TaskObservations(ObservationRegistry registry, TaskCodec codec, TaskRegistry tasks) {
		this.registry = registry;
		this.codec = codec;
		this.tasks = tasks;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable String send(String queue, String task, TaskContext context,
			Function<TaskContext, @Nullable String> send) {
		Map<String, String> carrier = new LinkedHashMap<>();
		SenderContext<Map<String, String>> sender = new SenderContext<>(
				(map, key, value) -> map.put(TRACE_PREFIX + key, value), Kind.PRODUCER);
		sender.setCarrier(carrier);
		Observation observation = Observation.createNotStarted("sqstasks.send", () -> sender, this.registry)
			.contextualName("send " + task)
			.lowCardinalityKeyValue("queue", queue)
			.lowCardinalityKeyValue("task", task)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Map<String, String> values = new LinkedHashMap<>(context.asMap());
			values.putAll(carrier);
			return send.apply(TaskContext.of(values));
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
		ReceiverContext<Map<String, String>> receiver = new ReceiverContext<>(
				(map, key) -> map.get(TRACE_PREFIX + key), Kind.CONSUMER);
		receiver.setCarrier(rawContext(message));
		String task = this.tasks.countedName(message.queue(), message.taskName());
		Observation observation = Observation.createNotStarted("sqstasks.task", () -> receiver, this.registry)
			.contextualName("process " + task)
			.lowCardinalityKeyValue("queue", message.queue())
			.lowCardinalityKeyValue("task", task)
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
		observation.lowCardinalityKeyValue(KeyValue.of("outcome", (error == null) ? "success" : "error"));
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
