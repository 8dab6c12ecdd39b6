package io.github.sqstasks.core;

import java.util.Locale;

/**
 * Names pickle opcodes, as Python's {@code pickletools} does, for messages.
 */
final class PickleOpcodes {

	private static final String[] NAMES = new String[256];

	static {
		name('(', "MARK");
		name('.', "STOP");
		name('0', "POP");
		name('1', "POP_MARK");
		name('2', "DUP");
		name('F', "FLOAT");
		name('I', "INT");
		name('J', "BININT");
		name('K', "BININT1");
		name('L', "LONG");
		name('M', "BININT2");
		name('N', "NONE");
		name('P', "PERSID");
		name('Q', "BINPERSID");
		name('R', "REDUCE");
		name('S', "STRING");
		name('T', "BINSTRING");
		name('U', "SHORT_BINSTRING");
		name('V', "UNICODE");
		name('X', "BINUNICODE");
		name('a', "APPEND");
		name('b', "BUILD");
		name('c', "GLOBAL");
		name('d', "DICT");
		name('}', "EMPTY_DICT");
		name('e', "APPENDS");
		name('g', "GET");
		name('h', "BINGET");
		name('i', "INST");
		name('j', "LONG_BINGET");
		name('l', "LIST");
		name(']', "EMPTY_LIST");
		name('o', "OBJ");
		name('p', "PUT");
		name('q', "BINPUT");
		name('r', "LONG_BINPUT");
		name('s', "SETITEM");
		name('t', "TUPLE");
		name(')', "EMPTY_TUPLE");
		name('u', "SETITEMS");
		name('G', "BINFLOAT");
		name('B', "BINBYTES");
		name('C', "SHORT_BINBYTES");
		String[] fromProto = { "PROTO", "NEWOBJ", "EXT1", "EXT2", "EXT4", "TUPLE1", "TUPLE2", "TUPLE3", "NEWTRUE",
				"NEWFALSE", "LONG1", "LONG4", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES8", "EMPTY_SET", "ADDITEMS",
				"FROZENSET", "NEWOBJ_EX", "STACK_GLOBAL", "MEMOIZE", "FRAME", "BYTEARRAY8", "NEXT_BUFFER",
				"READONLY_BUFFER" };
		for (int i = 0; i < fromProto.length; i++) {
			name(0x80 + i, fromProto[i]);
		}
	}

	private PickleOpcodes() {
	}

	private static void name(int opcode, String name) {
		NAMES[opcode] = name;
	}

	/**
	 * Returns an opcode's name.
	 * @param opcode the opcode byte
	 * @return its name, or its hexadecimal value when pickle has no such opcode
	 */
	static String name(int opcode) {
		String name = NAMES[opcode & 0xff];
		return (name != null) ? name : String.format(Locale.ROOT, "0x%02x", opcode & 0xff);
	}

}
