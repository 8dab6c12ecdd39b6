package io.github.sqstasks.memory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The checks SQS applies to a message before it accepts it: characters, attribute names and types, size.
 */
final class MessageRules {

	private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

	private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

	private MessageRules() {
	}

	/**
	 * Validates the message's content and returns its size as SQS counts it: body plus attribute names, types and
	 * values.
	 */
	static long validate(OutgoingMessage message) {
		String body = message.body();
		if (body == null || body.isEmpty()) {
			throw SqsErrors.missingParameter("MessageBody");
		}
		checkCharacters(body, "the message body");
		if (message.attributes().size() > Limits.MAX_MESSAGE_ATTRIBUTES) {
			throw SqsErrors.invalidParameter("Number of message attributes [" + message.attributes().size()
					+ "] exceeds the allowed maximum [" + Limits.MAX_MESSAGE_ATTRIBUTES + "].");
		}
		long size = utf8Length(body);
		for (Map.Entry<String, MessageAttributeValue> attribute : message.attributes().entrySet()) {
			size += validateAttribute(attribute.getKey(), attribute.getValue());
		}
		return size;
	}

	static void checkSize(long size, int maximum) {
		if (size > maximum) {
			throw SqsErrors.invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than "
					+ maximum + " bytes.");
		}
	}

	static void checkBatchEntryId(@Nullable String id) {
		if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
			throw SqsErrors.invalidBatchEntryId(String.valueOf(id));
		}
	}

	private static long validateAttribute(String name, MessageAttributeValue value) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		if (!ATTRIBUTE_NAME.matcher(name).matches() || lower.startsWith("aws.") || lower.startsWith("amazon.")
				|| name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			throw SqsErrors.invalidParameter("Message attribute name '" + name + "' is invalid.");
		}
		String type = value.dataType();
		if (type == null || type.isEmpty()) {
			throw SqsErrors.invalidParameter("The message attribute '" + name + "' must contain a non-empty "
					+ "message attribute type.");
		}
		long valueSize;
		if (type.startsWith("Binary")) {
			if (value.binaryValue() == null) {
				throw emptyValue(name);
			}
			valueSize = value.binaryValue().asByteArray().length;
		}
		else if (type.startsWith("String") || type.startsWith("Number")) {
			valueSize = checkStringValue(name, type, value.stringValue());
		}
		else {
			throw SqsErrors.invalidParameter("The type of message attribute '" + name + "' is invalid. You must use "
					+ "only the following supported type prefixes: Binary, Number, String.");
		}
		return utf8Length(name) + utf8Length(type) + valueSize;
	}

	private static long checkStringValue(String name, String type, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw emptyValue(name);
		}
		checkCharacters(value, "message attribute '" + name + "'");
		if (type.startsWith("Number")) {
			try {
				new BigDecimal(value.trim());
			}
			catch (NumberFormatException ex) {
				throw SqsErrors.invalidParameter("Can't cast the value of message (user) attribute '" + name
						+ "' to a number.");
			}
		}
		return utf8Length(value);
	}

	private static RuntimeException emptyValue(String name) {
		return SqsErrors.invalidParameter("Message (user) attribute '" + name + "' must contain a non-empty value "
				+ "of the type its data type names.");
	}

	/** SQS allows #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD and #x10000 to #x10FFFF. */
	private static void checkCharacters(String text, String where) {
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
					|| (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
			if (!allowed) {
				throw SqsErrors.invalidMessageContents("Invalid binary character '#x" + Integer.toHexString(cp)
						+ "' was found in " + where + ", the set of allowed characters is #x9 | #xA | #xD | "
						+ "#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
			}
			i += Character.charCount(cp);
		}
	}

	static long utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
