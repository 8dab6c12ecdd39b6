package io.github.sqstasks.core;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * Reads the scalar encodings of pickle: the text forms of protocol 0 ({@code INT}, {@code LONG}, {@code FLOAT},
 * {@code STRING}, {@code UNICODE}), UTF-8 and Python 2 strings, and integers of any size.
 *
 * <p>Each method throws an {@link IllegalArgumentException} with a short problem only; {@link PickleReader} adds
 * the opcode and offset.
 */
final class PickleText {

	/** Longest integer, in decimal digits, as the JSON path allows (Jackson's default number length). */
	static final int MAX_DIGITS = 1000;

	private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);

	private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	/** Bits of the largest magnitude with {@value #MAX_DIGITS} decimal digits, rounded up. */
	private static final int MAX_BITS = (int) Math.ceil(MAX_DIGITS * Math.log(10) / Math.log(2));

	private PickleText() {
	}

	/**
	 * Returns the smallest node that holds an integer.
	 * @param value the integer
	 * @return an int, long or big-integer node
	 */
	static JsonNode integer(BigInteger value) {
		if (value.bitLength() > MAX_BITS) {
			throw new IllegalArgumentException("an int of more than " + MAX_DIGITS + " digits");
		}
		if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
			return IntNode.valueOf(value.intValue());
		}
		if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
			return LongNode.valueOf(value.longValue());
		}
		return BigIntegerNode.valueOf(value);
	}

	/**
	 * Reads the text of {@code INT}: a decimal integer, or {@code 00}/{@code 01} for the booleans of protocol 0.
	 * @param line the text without its newline
	 * @return the node
	 */
	static JsonNode intLine(String line) {
		if (line.equals("00") || line.equals("01")) {
			return BooleanNode.valueOf(line.equals("01"));
		}
		return integer(decimal(line));
	}

	/**
	 * Reads the text of {@code LONG}: a decimal integer with an optional {@code L} suffix.
	 * @param line the text without its newline
	 * @return the node
	 */
	static JsonNode longLine(String line) {
		return integer(decimal(line.endsWith("L") ? line.substring(0, line.length() - 1) : line));
	}

	private static BigInteger decimal(String text) {
		String digits = text.strip();
		if (digits.length() > MAX_DIGITS + 1) {
			throw new IllegalArgumentException("an int of more than " + MAX_DIGITS + " digits");
		}
		if (!digits.matches("[+-]?[0-9]+")) {
			throw new IllegalArgumentException("an integer that is not decimal digits");
		}
		return new BigInteger(digits);
	}

	/**
	 * Reads the text of {@code FLOAT}, as Python's {@code repr} writes it ({@code inf}, {@code nan} included).
	 * @param line the text without its newline
	 * @return the node
	 */
	static JsonNode floatLine(String line) {
		String text = line.strip();
		switch (text) {
			case "inf", "+inf":
				return DoubleNode.valueOf(Double.POSITIVE_INFINITY);
			case "-inf":
				return DoubleNode.valueOf(Double.NEGATIVE_INFINITY);
			case "nan", "-nan", "+nan":
				return DoubleNode.valueOf(Double.NaN);
			default:
				if (!text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
					throw new IllegalArgumentException("a float that is not a decimal number");
				}
				return DoubleNode.valueOf(Double.parseDouble(text));
		}
	}

	/**
	 * Decodes UTF-8 strictly, as Python does for {@code BINUNICODE} and its variants.
	 * @param bytes the bytes
	 * @return the text
	 */
	static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("a str that is not valid UTF-8");
		}
	}

	/**
	 * Reads a Python 2 {@code str} as Python 3's unpickler does by default: ASCII only.
	 * @param bytes the bytes
	 * @return the text
	 */
	static String ascii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				throw new IllegalArgumentException("a Python 2 str with non-ASCII bytes (send unicode instead)");
			}
		}
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	/**
	 * Reads the text of {@code UNICODE}: raw-unicode-escape, where only {@code \}{@code uXXXX} and
	 * {@code \}{@code UXXXXXXXX} after an odd run of backslashes are escapes and every other byte is Latin-1.
	 * @param line the bytes without their newline
	 * @return the text
	 */
	static String rawUnicodeEscape(byte[] line) {
		StringBuilder text = new StringBuilder(line.length);
		int i = 0;
		while (i < line.length) {
			if (line[i] != '\\') {
				text.append((char) (line[i++] & 0xff));
				continue;
			}
			int run = 0;
			while (i + run < line.length && line[i + run] == '\\') {
				run++;
			}
			int next = i + run;
			boolean escape = run % 2 == 1 && next < line.length && (line[next] == 'u' || line[next] == 'U');
			text.append("\\".repeat(escape ? run - 1 : run));
			i = next;
			if (escape) {
				int digits = (line[next] == 'u') ? 4 : 8;
				int codePoint = hex(line, next + 1, digits);
				if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
					throw new IllegalArgumentException("a \\U escape beyond the last code point");
				}
				text.appendCodePoint(codePoint);
				i = next + 1 + digits;
			}
		}
		return text.toString();
	}

	/**
	 * Reads the text of {@code STRING}: a quoted Python 2 literal with backslash escapes, read as ASCII.
	 * @param line the bytes without their newline
	 * @return the text
	 */
	static String quoted(byte[] line) {
		int end = line.length - 1;
		if (line.length < 2 || (line[0] != '\'' && line[0] != '"') || line[end] != line[0]) {
			throw new IllegalArgumentException("a STRING that is not quoted");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(end);
		int i = 1;
		while (i < end) {
			byte b = line[i++];
			if (b != '\\') {
				bytes.write(b);
				continue;
			}
			if (i >= end) {
				throw new IllegalArgumentException("a STRING that ends with a backslash");
			}
			byte c = line[i++];
			switch (c) {
				case '\\', '\'', '"' -> bytes.write(c);
				case 'n' -> bytes.write('\n');
				case 'r' -> bytes.write('\r');
				case 't' -> bytes.write('\t');
				case 'a' -> bytes.write(7);
				case 'b' -> bytes.write('\b');
				case 'f' -> bytes.write('\f');
				case 'v' -> bytes.write(11);
				case '\n' -> {
				}
				case 'x' -> {
					bytes.write(hex(line, i, 2));
					i += 2;
				}
				default -> {
					if (c < '0' || c > '7') {
						throw new IllegalArgumentException("a STRING with an unknown escape");
					}
					int value = c - '0';
					for (int n = 0; n < 2 && i < end && line[i] >= '0' && line[i] <= '7'; n++) {
						value = value * 8 + (line[i++] - '0');
					}
					bytes.write(value);
				}
			}
		}
		return ascii(bytes.toByteArray());
	}

	private static int hex(byte[] text, int from, int digits) {
		if (from + digits > text.length) {
			throw new IllegalArgumentException("a truncated escape");
		}
		int value = 0;
		for (int i = from; i < from + digits; i++) {
			int digit = Character.digit(text[i], 16);
			if (digit < 0) {
				throw new IllegalArgumentException("an escape with a non-hex digit");
			}
			value = value * 16 + digit;
		}
		return value;
	}

}
