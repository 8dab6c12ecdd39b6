package io.github.sqstasks.memory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;

/**
 * Computes the digests SQS returns and the SDK verifies: MD5 of the body and of the message attributes, and the
 * SHA-256 used for content-based deduplication.
 */
final class Digests {

	private static final byte STRING_TRANSPORT = 1;

	private static final byte BINARY_TRANSPORT = 2;

	private Digests() {
	}

	static String md5Hex(String text) {
		return HexFormat.of().formatHex(digest("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	static String sha256Hex(String text) {
		return HexFormat.of().formatHex(digest("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The MD5 of message attributes as SQS defines it: for each attribute in name order, the length-prefixed name,
	 * data type, a transport byte (1 string, 2 binary) and the length-prefixed value.
	 */
	static @Nullable String md5OfAttributes(Map<String, MessageAttributeValue> attributes) {
		if (attributes.isEmpty()) {
			return null;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Map.Entry<String, MessageAttributeValue> entry : new TreeMap<>(attributes).entrySet()) {
			MessageAttributeValue value = entry.getValue();
			writeValue(out, entry.getKey(), value.dataType(), value.stringValue(),
					value.binaryValue() == null ? null : value.binaryValue().asByteArray());
		}
		return HexFormat.of().formatHex(digest("MD5").digest(out.toByteArray()));
	}

	static @Nullable String md5OfSystemAttributes(Map<String, MessageSystemAttributeValue> attributes) {
		if (attributes.isEmpty()) {
			return null;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Map.Entry<String, MessageSystemAttributeValue> entry : new TreeMap<>(attributes).entrySet()) {
			MessageSystemAttributeValue value = entry.getValue();
			writeValue(out, entry.getKey(), value.dataType(), value.stringValue(),
					value.binaryValue() == null ? null : value.binaryValue().asByteArray());
		}
		return HexFormat.of().formatHex(digest("MD5").digest(out.toByteArray()));
	}

	private static void writeValue(ByteArrayOutputStream out, String name, String dataType,
			@Nullable String stringValue, byte @Nullable [] binaryValue) {
		writeLengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
		writeLengthPrefixed(out, dataType.getBytes(StandardCharsets.UTF_8));
		if (dataType.startsWith("Binary")) {
			out.write(BINARY_TRANSPORT);
			writeLengthPrefixed(out, binaryValue == null ? new byte[0] : binaryValue);
		}
		else {
			out.write(STRING_TRANSPORT);
			writeLengthPrefixed(out, stringValue == null ? new byte[0] : stringValue.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
		out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
		out.writeBytes(bytes);
	}

	private static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK lacks " + algorithm, ex);
		}
	}

}
