package io.github.sqstasks.core;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the text sqs-workers' {@code pickle} and {@code pickle_compat} codecs write (a pickle, compressed with zlib,
 * in URL-safe base64) into a Jackson tree, with {@link PickleReader}.
 *
 * <p>Inflating stops as soon as the pickle would exceed {@link #MAX_PICKLE_BYTES}, so a small body that inflates to
 * gigabytes (a zlib bomb) costs no more than a large honest one.
 */
final class PickleBodies {

	/** Most bytes of pickle read from one body or attribute: SQS's own limit on a message. */
	static final int MAX_PICKLE_BYTES = 1024 * 1024;

	private PickleBodies() {
	}

	/**
	 * Decodes, inflates and reads one value.
	 * @param text the body or attribute value
	 * @param what its name, for messages (e.g. {@code the body})
	 * @return the tree
	 * @throws IllegalArgumentException when the text is not such a pickle of plain data within the bounds
	 */
	static JsonNode read(String text, String what) {
		byte[] compressed;
		try {
			compressed = Base64.getUrlDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + " is not URL-safe base64, as sqs-workers' pickle codecs write",
					ex);
		}
		return PickleReader.read(inflate(compressed, what), PickleReader.Limits.DEFAULT, what);
	}

	private static byte[] inflate(byte[] compressed, String what) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(compressed);
			ByteArrayOutputStream pickle = new ByteArrayOutputStream(Math.min(compressed.length * 4, 64 * 1024));
			byte[] chunk = new byte[8192];
			while (!inflater.finished()) {
				int count = inflater.inflate(chunk);
				if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IllegalArgumentException(what + " is truncated zlib data: it ends before the end of its stream");
				}
				pickle.write(chunk, 0, count);
				if (pickle.size() > MAX_PICKLE_BYTES) {
					throw new IllegalArgumentException(what + " inflates to more than the maximum size of "
							+ MAX_PICKLE_BYTES + " bytes of pickle (inflating stopped there); send smaller arguments");
				}
			}
			if (inflater.getRemaining() > 0) {
				throw new IllegalArgumentException(what + " has " + inflater.getRemaining()
						+ " bytes after its zlib stream");
			}
			return pickle.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException(what + " is not valid zlib data, as sqs-workers' pickle codecs write",
					ex);
		}
		finally {
			inflater.end();
		}
	}

}
