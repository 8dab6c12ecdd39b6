package io.github.sqstasks.core;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.sqstasks.TaskContext;

/**
 * Reads and writes the JSON of the wire format: the body (a flat object of named arguments) and the
 * {@code JobContext} attribute (a flat object of strings).
 *
 * <p>Bodies are only ever read as JSON trees and converted to the handler's declared parameter types; no default
 * typing, so a message cannot choose which Java class is instantiated.
 */
public final class TaskCodec {

	private final ObjectMapper objectMapper;

	/**
	 * Creates the codec.
	 * @param objectMapper the mapper for bodies and arguments
	 */
	public TaskCodec(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/**
	 * Creates the mapper the library uses by default: {@code java.time} as ISO-8601 strings, {@code Optional}
	 * support, unknown properties of nested objects ignored.
	 * @return a new mapper
	 */
	public static ObjectMapper defaultObjectMapper() {
		return JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.addModule(new Jdk8Module())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.build();
	}

	/**
	 * Returns the mapper.
	 * @return the mapper
	 */
	public ObjectMapper objectMapper() {
		return this.objectMapper;
	}

	/**
	 * Writes arguments as the body.
	 * @param arguments the named arguments; values of any type the mapper can write
	 * @return the JSON object
	 * @throws IllegalArgumentException when a value cannot be written
	 */
	public String encodeArguments(Map<String, ?> arguments) {
		try {
			return this.objectMapper.writeValueAsString(arguments);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot write task arguments " + arguments.keySet() + " as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Reads a body as named arguments.
	 * @param body the message body
	 * @return the JSON object
	 * @throws IllegalArgumentException when the body is not a JSON object
	 */
	public ObjectNode decodeArguments(String body) {
		if (body.isBlank()) {
			throw new IllegalArgumentException("the body is empty; expected a JSON object of named arguments");
		}
		JsonNode node;
		try {
			node = this.objectMapper.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("the body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (!(node instanceof ObjectNode object)) {
			throw new IllegalArgumentException("the body is JSON " + (node == null ? "null" : node.getNodeType())
					+ ", expected an object of named arguments");
		}
		return object;
	}

	/**
	 * Writes a context as the {@code JobContext} attribute.
	 * @param context the context
	 * @return a JSON object, {@code {}} when empty
	 */
	public String encodeContext(TaskContext context) {
		if (context.isEmpty()) {
			return "{}";
		}
		try {
			return this.objectMapper.writeValueAsString(context.asMap());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write task context as JSON", ex);
		}
	}

	/**
	 * Reads the {@code JobContext} attribute; non-string values are kept as their JSON text.
	 * @param json the attribute value
	 * @return the context
	 * @throws IllegalArgumentException when the value is not a JSON object
	 */
	public TaskContext decodeContext(String json) {
		if (json.isBlank() || json.equals("{}")) {
			return TaskContext.empty();
		}
		JsonNode node;
		try {
			node = this.objectMapper.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("the JobContext attribute is not valid JSON: " + ex.getOriginalMessage(),
					ex);
		}
		if (!(node instanceof ObjectNode object)) {
			throw new IllegalArgumentException("the JobContext attribute is not a JSON object");
		}
		Map<String, String> values = new LinkedHashMap<>();
		object.fields().forEachRemaining((field) -> values.put(field.getKey(),
				field.getValue().isTextual() ? field.getValue().textValue() : field.getValue().toString()));
		return TaskContext.of(values);
	}

}
