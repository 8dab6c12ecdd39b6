package io.github.sqstasks.producer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.WireFormat;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Checks the message attributes a producer gives a raw job against SQS's rules and the names the library reads,
 * before anything is sent, so that the error names the attribute rather than coming back from SQS as a bad request.
 */
final class RawAttributes {

	/** The most message attributes SQS accepts on one message. */
	static final int MAX_ATTRIBUTES = 10;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

	/** Names a consumer of this library (or of sqs-workers) reads as a task message's, or that it writes itself. */
	private static final Set<String> RESERVED = Set.of(WireFormat.JOB_NAME, WireFormat.CONTENT_TYPE,
			WireFormat.JOB_CONTEXT, WireFormat.FAILURE_REASON);

	private RawAttributes() {
	}

	static Map<String, MessageAttributeValue> of(String queue, Map<String, String> attributes) {
		if (attributes.size() > MAX_ATTRIBUTES) {
			throw refused(queue, attributes.size() + " message attributes " + new TreeSet<>(attributes.keySet())
					+ "; SQS accepts at most " + MAX_ATTRIBUTES);
		}
		Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
		attributes.forEach((name, value) -> {
			checkName(queue, name);
			checkValue(queue, name, value);
			values.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
		});
		return values;
	}

	private static void checkName(String queue, String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (!NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			throw refused(queue, "message attribute name '" + LogSafe.name(name) + "': SQS accepts 1 to 256 "
					+ "letters, digits, '_', '-' and '.', not starting or ending with '.' nor with '..' inside");
		}
		if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
			throw refused(queue, "message attribute name '" + name + "': names starting with 'AWS.' or 'Amazon.' "
					+ "are reserved by AWS");
		}
		if (RESERVED.contains(name)) {
			throw refused(queue, "message attribute '" + name + "': sqs-tasks reads " + new TreeSet<>(RESERVED)
					+ " as a task message's own (a consumer would take the raw job for a task); use another name");
		}
	}

	private static void checkValue(String queue, String name, String value) {
		if (value == null || value.isEmpty()) {
			throw refused(queue, "message attribute '" + name + "' with an empty value: SQS needs at least one "
					+ "character");
		}
		for (int i = 0; i < value.length();) {
			int cp = value.codePointAt(i);
			boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
					|| (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
			if (!allowed) {
				throw refused(queue, "message attribute '" + name + "': its value holds the character U+"
						+ String.format("%04X", cp) + " at index " + i + ", which SQS does not accept (allowed: tab, "
						+ "line feed, carriage return, and U+0020 and above except surrogates, U+FFFE and U+FFFF)");
			}
			i += Character.charCount(cp);
		}
	}

	private static JobSendException refused(String queue, String what) {
		return new JobSendException("Cannot send raw job to queue '" + queue + "' with " + what
				+ ". Nothing was sent.");
	}

}
