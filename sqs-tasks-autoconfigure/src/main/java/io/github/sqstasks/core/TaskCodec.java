package io.github.sqstasks.core;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.sqstasks.TaskContext;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the JSON of the wire format: the body (a flat object of named arguments) and the
 * {@code JobContext} attribute (a flat object of strings).
 *
 * <p>Bodies are only ever read as JSON trees and converted to the handler's declared parameter types; no default
 * typing, so a message cannot choose which Java class is instantiated. They are read strictly: a key given twice or
 * anything after the object makes the body unreadable, as two readers could otherwise see different arguments. Errors
 * say where the JSON is wrong, never what it holds (bodies may carry personal data and errors are logged).
 *
 * <p>Bodies and contexts sqs-workers wrote with its {@code pickle} or {@code pickle_compat} codec are read too, into
 * the same trees, by a reader of plain data that never runs Python's object-building opcodes; nothing here writes
 * pickle.
 */
public final class TaskCodec {

	private final ObjectMapper objectMapper;

	private final ObjectReader strictReader;

	/**
	 * Creates the codec.
	 * @param objectMapper the mapper for bodies and arguments
	 */
	public TaskCodec(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
		this.strictReader = objectMapper.reader()
			.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/**
	 * Creates the mapper the library uses by default: {@code java.time} as ISO-8601 strings, {@code Optional}
	 * support, unknown properties of nested objects ignored.
	 * @return a new mapper
	 */
	public static ObjectMapper defaultObjectMapper() {
		return defaultMapperBuilder().build();
	}

	/**
	 * Creates a builder with the settings of {@link #defaultObjectMapper()}, for applications that add to them.
	 * @return a new builder
	 */
	public static JsonMapper.Builder defaultMapperBuilder() {
		return JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.addModule(new Jdk8Module())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
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
	 * Tells whether messages of a {@code ContentType} can be read.
	 * @param contentType the attribute's value, {@code null} when absent (read as JSON)
	 * @return {@code true} for no value, {@code json}, {@code pickle} and {@code pickle_compat}
	 */
	public static boolean reads(@Nullable String contentType) {
		return contentType == null || contentType.equals(WireFormat.JSON) || isPickle(contentType);
	}

	private static boolean isPickle(@Nullable String contentType) {
		return WireFormat.PICKLE.equals(contentType) || WireFormat.PICKLE_COMPAT.equals(contentType);
	}

	/**
	 * Reads a body as named arguments in the codec its {@code ContentType} names.
	 * @param body the message body
	 * @param contentType the {@code ContentType} attribute; JSON unless {@code pickle} or {@code pickle_compat}
	 * @return the arguments
	 * @throws IllegalArgumentException when the body is not an object (a dict) of named arguments in that codec, or
	 * a pickle holds anything but plain data or exceeds a bound
	 */
	public ObjectNode decodeArguments(String body, @Nullable String contentType) {
		if (!isPickle(contentType)) {
			return decodeArguments(body);
		}
		JsonNode node = PickleBodies.read(body, "the body (" + contentType + ")");
		if (!(node instanceof ObjectNode object)) {
			throw new IllegalArgumentException("the body (" + contentType + ") is a pickle of " + pythonKind(node)
					+ " at its top level; expected a dict of named arguments");
		}
		return object;
	}

	private static String pythonKind(JsonNode node) {
		return node.isArray() ? "a list, tuple or set" : node.isTextual() ? "a str" : node.isBinary() ? "bytes"
				: node.isNull() ? "None" : node.isBoolean() ? "a bool" : node.isNumber() ? "a number" : "a value";
	}

	/**
	 * Reads a body as named arguments.
	 * @param body the message body
	 * @return the JSON object
	 * @throws IllegalArgumentException when the body is not a JSON object, has a key twice, or has content after the
	 * object
	 */
	public ObjectNode decodeArguments(String body) {
		if (body.isBlank()) {
			throw new IllegalArgumentException("the body is empty; expected a JSON object of named arguments");
		}
		JsonNode node = readStrictly(body, "the body");
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
		return decodeContext(json, null);
	}

	/**
	 * Reads the {@code JobContext} attribute in the codec the message's {@code ContentType} names (sqs-workers
	 * encodes the context with the body's codec); non-string values are kept as their JSON text, bytes as base64.
	 * @param value the attribute value
	 * @param contentType the {@code ContentType} attribute; JSON unless {@code pickle} or {@code pickle_compat}
	 * @return the context
	 * @throws IllegalArgumentException when the value is not an object (a dict) in that codec
	 */
	public TaskContext decodeContext(String value, @Nullable String contentType) {
		if (value.isBlank() || value.equals("{}")) {
			return TaskContext.empty();
		}
		JsonNode node = isPickle(contentType) ? PickleBodies.read(value, "the JobContext attribute (" + contentType + ")")
				: readStrictly(value, "the JobContext attribute");
		if (!(node instanceof ObjectNode object)) {
			throw new IllegalArgumentException("the JobContext attribute is not a "
					+ (isPickle(contentType) ? "pickle of a dict" : "JSON object"));
		}
		Map<String, String> values = new LinkedHashMap<>();
		object.fields().forEachRemaining((field) -> values.put(field.getKey(), contextValue(field.getValue())));
		return TaskContext.of(values);
	}

	private static String contextValue(JsonNode value) {
		return (value.isTextual() || value.isBinary()) ? value.asText() : value.toString();
	}

	private JsonNode readStrictly(String json, String what) {
		try {
			return this.strictReader.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(what + " " + problem(ex), ex);
		}
	}

	/**
	 * Describes a JSON syntax error by its kind and place only: Jackson's own messages quote the offending text.
	 */
	private static String problem(JsonProcessingException ex) {
		String original = String.valueOf(ex.getOriginalMessage());
		String where = where(ex.getLocation());
		if (original.startsWith("Duplicate field '")) {
			int end = original.indexOf('\'', 17);
			String key = (end > 17) ? original.substring(17, end) : "?";
			return "has the key '" + LogSafe.name(key) + "' twice" + where;
		}
		if (ex instanceof MismatchedInputException && original.startsWith("Trailing token")) {
			return "has content after the JSON value" + where;
		}
		return "is not valid JSON" + where;
	}

	private static String where(JsonLocation location) {
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
