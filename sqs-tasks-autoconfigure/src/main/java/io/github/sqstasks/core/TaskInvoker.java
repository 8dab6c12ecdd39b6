package io.github.sqstasks.core;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Binds a message's arguments to a handler's parameters and invokes it with the message's context current.
 *
 * <p>A body that is not a JSON object (or, for sqs-workers' pickle codecs, a pickle of a dict of plain data) is poison ({@link PoisonMessageException}); a missing or mistyped argument is
 * a {@link TaskMessageException} that keeps the retry policy, since a deploy may change the parameter. Numbers are
 * bound strictly: a decimal for an integer parameter is a mistyped argument, not truncated. Errors name the argument
 * and the kind of JSON value found, never the value.
 */
public final class TaskInvoker {

	/** Marks an argument left out of a Kotlin call so that the parameter's default value applies. */
	private static final Object DEFAULT_VALUE = new Object();

	private final TaskCodec codec;

	private final TaskInterceptors interceptors;

	/**
	 * Creates an invoker without interceptors.
	 * @param codec the codec that reads bodies and converts arguments
	 */
	public TaskInvoker(TaskCodec codec) {
		this(codec, List.of());
	}

	/**
	 * Creates the invoker.
	 * @param codec the codec that reads bodies and converts arguments
	 * @param interceptors run around every invocation, in this order
	 */
	public TaskInvoker(TaskCodec codec, List<TaskInterceptor> interceptors) {
		this.codec = codec;
		this.interceptors = new TaskInterceptors(interceptors);
	}

	/**
	 * Invokes the handler for a received message.
	 * @param definition the handler
	 * @param message the message
	 * @return what the handler returned, {@code null} for {@code void}
	 * @throws TaskMessageException when the message cannot be bound (a poison message)
	 * @throws Exception whatever the handler throws
	 */
	public @Nullable Object invoke(TaskDefinition definition, TaskMessage message) throws Exception {
		@Nullable ObjectNode arguments = null;
		if (!definition.raw()) {
			arguments = decodeArguments(definition, message);
		}
		@Nullable Object[] values = bind(definition, arguments, message);
		@Nullable Object[] result = new Object[1];
		try (TaskContext.Scope scope = message.context().activateReceived();
				MessageMdc mdc = MessageMdc.put(message.queue(), definition.name(), message.messageId())) {
			this.interceptors.around(List.of(message), () -> result[0] = call(definition, values));
		}
		return result[0];
	}

	/**
	 * Converts one message of a batch into the element the batch handler takes.
	 * @param definition the batch handler
	 * @param message the message
	 * @return the element: the message itself, or its arguments as the element type
	 * @throws TaskMessageException when the message cannot be bound
	 */
	public Object bindBatchItem(TaskDefinition definition, TaskMessage message) {
		ParameterBinding.Batch batch = (ParameterBinding.Batch) definition.parameters().get(0);
		if (batch.messages()) {
			return message;
		}
		ObjectNode arguments = decodeArguments(definition, message);
		try {
			return this.codec.objectMapper()
				.readerFor(batch.elementType())
				.with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
				.without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
				.readValue(arguments);
		}
		catch (Exception ex) {
			throw new TaskMessageException(describe(definition, message) + ": arguments cannot be read as "
					+ batch.elementType().toCanonical() + mismatch(ex, arguments), ex);
		}
	}

	private ObjectNode decodeArguments(TaskDefinition definition, TaskMessage message) {
		try {
			return this.codec.decodeArguments(message.body(), message.attributes().get(WireFormat.CONTENT_TYPE));
		}
		catch (IllegalArgumentException ex) {
			throw new PoisonMessageException(describe(definition, message) + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Invokes a batch handler.
	 * @param definition the batch handler
	 * @param items the bound elements, in order
	 * @param messages the messages of the elements, in the same order, for interceptors
	 * @throws Exception whatever the handler throws, {@code BatchFailure} included
	 */
	public void invokeBatch(TaskDefinition definition, List<Object> items, List<TaskMessage> messages)
			throws Exception {
		try (MessageMdc mdc = MessageMdc.put(definition.queue(), definition.name(), null)) {
			this.interceptors.around(messages, () -> call(definition, new Object[] { items }));
		}
	}

	private @Nullable Object[] bind(TaskDefinition definition, @Nullable ObjectNode arguments, TaskMessage message) {
		List<ParameterBinding> parameters = definition.parameters();
		@Nullable Object[] values = new Object[parameters.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = value(parameters.get(i), definition, arguments, message);
		}
		return values;
	}

	private @Nullable Object value(ParameterBinding parameter, TaskDefinition definition, @Nullable ObjectNode arguments,
			TaskMessage message) {
		if (parameter instanceof ParameterBinding.Argument argument) {
			return convert(definition, argument, Objects.requireNonNull(arguments), message);
		}
		if (parameter instanceof ParameterBinding.Context) {
			return message.context();
		}
		return (parameter instanceof ParameterBinding.Message) ? message : message.body();
	}

	private @Nullable Object convert(TaskDefinition definition, ParameterBinding.Argument argument, ObjectNode arguments,
			TaskMessage message) {
		JsonNode node = arguments.get(argument.name());
		if (node == null || node.isNull()) {
			if (argument.optional()) {
				return Optional.empty();
			}
			if (argument.defaulted()) {
				return DEFAULT_VALUE;
			}
			if (argument.nullable() && !argument.type().isPrimitive()) {
				return null;
			}
			throw new TaskMessageException(describe(definition, message) + ": missing argument '" + argument.name()
					+ "' (" + argument.type().toCanonical() + ")");
		}
		ObjectMapper mapper = this.codec.objectMapper();
		try {
			return mapper.readerFor(argument.type()).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).readValue(node);
		}
		catch (Exception ex) {
			throw new TaskMessageException(describe(definition, message) + ": argument '" + argument.name()
					+ "' cannot be read as " + argument.type().toCanonical() + mismatch(ex, node), ex);
		}
	}

	private static @Nullable Object call(TaskDefinition definition, @Nullable Object[] values) throws Exception {
		for (Object value : values) {
			if (value == DEFAULT_VALUE) {
				return KotlinHandlers.callBy(definition.method(), definition.bean(), values, DEFAULT_VALUE);
			}
		}
		ReflectionUtils.makeAccessible(definition.method());
		try {
			return definition.method().invoke(definition.bean(), values);
		}
		catch (InvocationTargetException ex) {
			Throwable target = ex.getTargetException();
			if (target instanceof Exception exception) {
				throw exception;
			}
			throw (Error) target;
		}
	}

	private static String describe(TaskDefinition definition, TaskMessage message) {
		return "Message " + message.messageId() + " for task '" + definition.name() + "' on queue '" + message.queue()
				+ "'";
	}

	/**
	 * Says which part of a value did not fit and what kind of JSON it was, without the value itself (Jackson's own
	 * messages quote it, and argument values may be personal data).
	 */
	private static String mismatch(Exception ex, JsonNode node) {
		JsonNode found = node;
		StringBuilder path = new StringBuilder();
		if (ex instanceof JsonMappingException mapping) {
			for (JsonMappingException.Reference reference : mapping.getPath()) {
				if (reference.getFieldName() != null) {
					path.append((path.length() > 0) ? "." : "").append(reference.getFieldName());
					found = found.path(reference.getFieldName());
				}
				else if (reference.getIndex() >= 0) {
					path.append('[').append(reference.getIndex()).append(']');
					found = found.path(reference.getIndex());
				}
			}
		}
		String at = (path.length() > 0) ? " at '" + LogSafe.name(path.toString()) + "'" : "";
		return ": the JSON" + at + " is " + kind(found) + " (" + ex.getClass().getSimpleName() + ")";
	}

	private static String kind(JsonNode node) {
		if (node.isMissingNode()) {
			return "missing or of another shape";
		}
		if (node.isFloatingPointNumber() || node.isBigDecimal()) {
			return "a decimal number";
		}
		return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
	}

}
