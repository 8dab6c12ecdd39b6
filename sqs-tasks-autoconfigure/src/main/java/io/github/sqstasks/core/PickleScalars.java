package io.github.sqstasks.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The opcodes of {@link PickleReader} that push one scalar: {@code None}, booleans, integers, floats, strings and
 * bytes, in every protocol's encoding.
 */
final class PickleScalars {

	private PickleScalars() {
	}

	/**
	 * Reads the scalar of an opcode and pushes it.
	 * @param reader the reader, positioned after the opcode
	 * @param opcode the opcode
	 * @return {@code false} when the opcode is not a scalar's
	 */
	static boolean read(PickleReader reader, int opcode) {
		switch (opcode) {
			case 'N' -> reader.push(NullNode.getInstance());
			case 0x88 -> reader.push(BooleanNode.TRUE);
			case 0x89 -> reader.push(BooleanNode.FALSE);
			case 'I' -> reader.push(PickleText.intLine(ascii(reader.readLine())));
			case 'L' -> reader.push(PickleText.longLine(ascii(reader.readLine())));
			case 'J' -> reader.push(IntNode.valueOf(reader.readInt()));
			case 'K' -> reader.push(IntNode.valueOf(reader.readByte()));
			case 'M' -> reader.push(IntNode.valueOf(reader.readByte() | (reader.readByte() << 8)));
			case 0x8a -> reader.push(PickleReader.signedLittleEndian(reader.read(reader.length(1))));
			case 0x8b -> reader.push(PickleReader.signedLittleEndian(reader.read(reader.length(4))));
			case 'F' -> reader.push(PickleText.floatLine(ascii(reader.readLine())));
			case 'G' -> reader.push(DoubleNode.valueOf(ByteBuffer.wrap(reader.read(8)).getDouble()));
			case 'S' -> reader.push(TextNode.valueOf(PickleText.quoted(reader.readLine())));
			case 'T' -> reader.push(TextNode.valueOf(PickleText.ascii(reader.read(reader.length(4)))));
			case 'U' -> reader.push(TextNode.valueOf(PickleText.ascii(reader.read(reader.length(1)))));
			case 'V' -> reader.push(TextNode.valueOf(PickleText.rawUnicodeEscape(reader.readLine())));
			case 'X' -> reader.push(TextNode.valueOf(PickleText.utf8(reader.read(reader.length(4)))));
			case 0x8c -> reader.push(TextNode.valueOf(PickleText.utf8(reader.read(reader.length(1)))));
			case 0x8d -> reader.push(TextNode.valueOf(PickleText.utf8(reader.read(reader.length(8)))));
			case 'B' -> reader.push(BinaryNode.valueOf(reader.read(reader.length(4))));
			case 'C' -> reader.push(BinaryNode.valueOf(reader.read(reader.length(1))));
			case 0x8e, 0x96 -> reader.push(BinaryNode.valueOf(reader.read(reader.length(8))));
			default -> {
				return false;
			}
		}
		return true;
	}

	private static String ascii(byte[] line) {
		return new String(line, StandardCharsets.US_ASCII);
	}

}
