package io.github.sqstasks.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.sqstasks.core.PickleValues.PyDict;
import io.github.sqstasks.core.PickleValues.PyGlobal;
import io.github.sqstasks.core.PickleValues.PyList;
import io.github.sqstasks.core.PickleValues.PySet;
import io.github.sqstasks.core.PickleValues.PyTuple;

/**
 * Reads a pickle (protocols 0 to 5) of plain data into a Jackson tree, never running or instantiating anything.
 *
 * <p>Ours because Java has no pickle reader, and a general one would be the danger itself: this one knows only the
 * opcodes of {@code dict}, {@code list}, {@code tuple}, {@code set}, {@code str}, {@code bytes}, {@code int},
 * {@code float}, {@code bool} and {@code None}. Every opcode that builds objects or calls functions ({@code GLOBAL},
 * {@code REDUCE}, {@code BUILD}, {@code INST}, {@code OBJ}, {@code NEWOBJ}, extensions, persistent ids, out-of-band
 * buffers) is refused with its name and offset, except the few global references by which Python itself pickles
 * bytes and sets at protocol 2 ({@code _codecs.encode}, {@code bytes}, {@code bytearray}, {@code set},
 * {@code frozenset}): those are matched with their exact arguments and stood in for, never called.
 */
final class PickleReader {

	/**
	 * Bounds on what a pickle may build.
	 * @param maxDepth the deepest nesting of containers (the top level is 1)
	 * @param maxMemo the most memo entries
	 * @param maxElements the most nodes of the resulting tree, shared values counted at each place
	 */
	record Limits(int maxDepth, int maxMemo, int maxElements) {

		static final Limits DEFAULT = new Limits(100, 100_000, 500_000);

	}

	private static final String PLAIN_DATA = "only dict, list, tuple, set, str, bytes, int, float, bool and None are "
			+ "read; send the object's fields instead";

	private static final Set<String> STAND_INS = Set.of("_codecs.encode", "__builtin__.bytes", "builtins.bytes",
			"__builtin__.bytearray", "builtins.bytearray", "__builtin__.set", "builtins.set", "__builtin__.frozenset",
			"builtins.frozenset");

	private final byte[] data;

	private final Limits limits;

	private final String what;

	private int position;

	private List<Object> stack = new ArrayList<>();

	private final Deque<List<Object>> marks = new ArrayDeque<>();

	private final Map<Long, Object> memo = new HashMap<>();

	private PickleReader(byte[] data, Limits limits, String what) {
		this.data = data;
		this.limits = limits;
		this.what = what;
	}

	/**
	 * Reads a pickle.
	 * @param pickle the pickle's bytes
	 * @param limits the bounds
	 * @param what the name of the attribute or body, for messages (e.g. {@code the body})
	 * @return the value as a tree
	 * @throws IllegalArgumentException naming the opcode and byte offset when the pickle is not plain data, is
	 * malformed or truncated, or exceeds a bound
	 */
	static JsonNode read(byte[] pickle, Limits limits, String what) {
		PickleReader reader = new PickleReader(pickle, limits, what);
		return PickleValues.toJson(reader.run(), limits, what);
	}

	private Object run() {
		while (true) {
			if (this.position >= this.data.length) {
				throw new IllegalArgumentException(this.what + " is a truncated pickle: it ends at byte "
						+ this.data.length + " without its STOP opcode");
			}
			int at = this.position;
			int opcode = this.data[this.position++] & 0xff;
			try {
				if (opcode == '.') {
					return stop();
				}
				step(opcode);
			}
			catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException ex) {
				String problem = (ex instanceof IllegalArgumentException) ? ex.getMessage()
						: "a value of the wrong kind or a missing value on the stack";
				throw new IllegalArgumentException(this.what + " cannot be read: " + problem + " (opcode "
						+ PickleOpcodes.name(opcode) + " at byte " + at + ")", ex);
			}
		}
	}

	private Object stop() {
		if (this.stack.size() != 1 || !this.marks.isEmpty()) {
			throw new IllegalArgumentException("the pickle ends with " + (this.stack.size() + this.marks.size())
					+ " values or marks left instead of one value");
		}
		if (this.position != this.data.length) {
			throw new IllegalArgumentException("content after the end of the pickle ("
					+ (this.data.length - this.position) + " more bytes)");
		}
		return this.stack.get(0);
	}

	private void step(int opcode) {
		switch (opcode) {
			case 0x80 -> protocol();
			case 0x95 -> length(8);
			case '(' -> {
				this.marks.push(this.stack);
				this.stack = new ArrayList<>();
			}
			case '0' -> {
				if (this.stack.isEmpty()) {
					popMark();
				}
				else {
					pop();
				}
			}
			case '1' -> popMark();
			case '2' -> push(top());
			case 'p', 'q', 'r', 0x94, 'g', 'h', 'j' -> memo(opcode);
			case 'c', 0x93, 'R' -> global(opcode);
			default -> {
				if (!PickleScalars.read(this, opcode) && !containers(opcode)) {
					throw new IllegalArgumentException(refused(opcode));
				}
			}
		}
	}

	private String refused(int opcode) {
		String name = PickleOpcodes.name(opcode);
		return (name.startsWith("0x") ? "an unknown opcode" : "an opcode that builds Python objects or refers to "
				+ "outside data") + "; " + PLAIN_DATA;
	}

	private boolean containers(int opcode) {
		switch (opcode) {
			case '}' -> push(new PyDict());
			case ']' -> push(new PyList());
			case ')' -> push(new PyTuple(List.of()));
			case 0x8f -> push(new PySet(false));
			case 'd' -> {
				PyDict dict = new PyDict();
				putAll(dict, popMark());
				push(dict);
			}
			case 'l' -> {
				PyList list = new PyList();
				list.items.addAll(popMark());
				push(list);
			}
			case 't' -> push(new PyTuple(popMark()));
			case 0x85, 0x86, 0x87 -> tuple(opcode - 0x84);
			case 0x91 -> {
				PySet set = new PySet(true);
				set.items.addAll(popMark());
				push(set);
			}
			case 'a' -> {
				Object value = pop();
				((PyList) top()).items.add(value);
			}
			case 'e' -> {
				List<Object> items = popMark();
				((PyList) top()).items.addAll(items);
			}
			case 's' -> {
				Object value = pop();
				Object key = pop();
				putAll((PyDict) top(), List.of(key, value));
			}
			case 'u' -> {
				List<Object> items = popMark();
				putAll((PyDict) top(), items);
			}
			case 0x90 -> {
				List<Object> items = popMark();
				PySet set = (PySet) top();
				if (set.frozen) {
					throw new IllegalArgumentException("items added to a frozenset");
				}
				set.items.addAll(items);
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private void tuple(int size) {
		if (this.stack.size() < size) {
			throw new IllegalArgumentException("a tuple of " + size + " with fewer values on the stack");
		}
		List<Object> top = this.stack.subList(this.stack.size() - size, this.stack.size());
		PyTuple tuple = new PyTuple(new ArrayList<>(top));
		top.clear();
		push(tuple);
	}

	private static void putAll(PyDict dict, List<Object> items) {
		if (items.size() % 2 != 0) {
			throw new IllegalArgumentException("a dict with a key and no value");
		}
		for (int i = 0; i < items.size(); i += 2) {
			if (!(items.get(i) instanceof TextNode key)) {
				throw new IllegalArgumentException("a dict key that is " + kind(items.get(i))
						+ "; only str keys are read (arguments are named)");
			}
			dict.items.put(key.textValue(), items.get(i + 1));
		}
	}

	private void protocol() {
		int version = readByte();
		if (version > 5) {
			throw new IllegalArgumentException("pickle protocol " + version + ", newer than 5");
		}
	}

	private void memo(int opcode) {
		switch (opcode) {
			case 0x94 -> remember((long) this.memo.size());
			case 'p' -> remember(index(readLine()));
			case 'q' -> remember((long) readByte());
			case 'r' -> remember(Integer.toUnsignedLong(readInt()));
			case 'g' -> recall(index(readLine()));
			case 'h' -> recall((long) readByte());
			default -> recall(Integer.toUnsignedLong(readInt()));
		}
	}

	private void remember(long index) {
		if (this.memo.size() >= this.limits.maxMemo() && !this.memo.containsKey(index)) {
			throw new IllegalArgumentException("more than " + this.limits.maxMemo() + " memo entries");
		}
		this.memo.put(index, top());
	}

	private void recall(long index) {
		Object value = this.memo.get(index);
		if (value == null) {
			throw new IllegalArgumentException("a memo entry that was never stored");
		}
		push(value);
	}

	private static long index(byte[] line) {
		String text = new String(line, StandardCharsets.US_ASCII).strip();
		if (!text.matches("[0-9]{1,10}")) {
			throw new IllegalArgumentException("a memo index that is not a number");
		}
		return Long.parseLong(text);
	}

	private void global(int opcode) {
		if (opcode == 'R') {
			PyTuple arguments = (PyTuple) pop();
			push(standIn((PyGlobal) pop(), arguments.items()));
			return;
		}
		String module;
		String name;
		if (opcode == 'c') {
			module = new String(readLine(), StandardCharsets.UTF_8);
			name = new String(readLine(), StandardCharsets.UTF_8);
		}
		else {
			Object second = pop();
			Object first = pop();
			module = (first instanceof TextNode text) ? text.textValue() : "?";
			name = (second instanceof TextNode text) ? text.textValue() : "?";
		}
		String qualified = module + "." + name;
		if (!STAND_INS.contains(qualified)) {
			throw new IllegalArgumentException("a reference to '" + LogSafe.name(qualified) + "', which would be "
					+ "imported and called or instantiated; " + PLAIN_DATA);
		}
		push(new PyGlobal(module, name));
	}

	/**
	 * Builds what Python's own protocol-2 pickles of bytes and sets rebuild by calling a built-in; anything else
	 * those built-ins could be called with is refused.
	 */
	private Object standIn(PyGlobal callable, List<Object> arguments) {
		String name = callable.name();
		if (name.equals("encode") && arguments.size() == 2 && arguments.get(0) instanceof TextNode text
				&& arguments.get(1) instanceof TextNode encoding
				&& (encoding.textValue().equals("latin1") || encoding.textValue().equals("latin-1"))
				&& text.textValue().chars().allMatch((c) -> c <= 0xff)) {
			return BinaryNode.valueOf(text.textValue().getBytes(StandardCharsets.ISO_8859_1));
		}
		if ((name.equals("bytes") || name.equals("bytearray")) && arguments.size() <= 1) {
			if (arguments.isEmpty()) {
				return BinaryNode.valueOf(new byte[0]);
			}
			if (arguments.get(0) instanceof BinaryNode bytes) {
				return bytes;
			}
		}
		if ((name.equals("set") || name.equals("frozenset")) && arguments.size() <= 1) {
			PySet set = new PySet(name.equals("frozenset"));
			if (arguments.isEmpty()) {
				return set;
			}
			if (arguments.get(0) instanceof PyList list) {
				set.items.addAll(list.items);
				return set;
			}
		}
		throw new IllegalArgumentException("a call of '" + LogSafe.name(callable.qualifiedName()) + "' with other "
				+ "arguments than Python's own pickles of bytes and sets use; " + PLAIN_DATA);
	}

	static String kind(Object value) {
		if (value instanceof TextNode) {
			return "a str";
		}
		if (value instanceof BinaryNode) {
			return "bytes";
		}
		if (value instanceof BooleanNode) {
			return "a bool";
		}
		if (value instanceof NullNode) {
			return "None";
		}
		if (value instanceof DoubleNode) {
			return "a float";
		}
		if (value instanceof JsonNode) {
			return "an int";
		}
		if (value instanceof PyTuple) {
			return "a tuple";
		}
		if (value instanceof PyGlobal) {
			return "a reference to a Python callable";
		}
		return (value instanceof PySet) ? "a set" : (value instanceof PyDict) ? "a dict" : "a list";
	}

	// Operations on the stack and the input, shared with PickleScalars.

	void push(Object value) {
		this.stack.add(value);
	}

	private Object pop() {
		if (this.stack.isEmpty()) {
			throw new IllegalArgumentException("a value taken from an empty stack");
		}
		return this.stack.remove(this.stack.size() - 1);
	}

	private Object top() {
		if (this.stack.isEmpty()) {
			throw new IllegalArgumentException("a value taken from an empty stack");
		}
		return this.stack.get(this.stack.size() - 1);
	}

	private List<Object> popMark() {
		if (this.marks.isEmpty()) {
			throw new IllegalArgumentException("no MARK before it");
		}
		List<Object> items = this.stack;
		this.stack = this.marks.pop();
		return items;
	}

	int readByte() {
		return read(1)[0] & 0xff;
	}

	int readInt() {
		byte[] b = read(4);
		return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
	}

	/**
	 * Reads a little-endian unsigned length of 1, 2, 4 or 8 bytes and checks that that many bytes follow.
	 */
	int length(int size) {
		byte[] b = read(size);
		long length = 0;
		for (int i = size - 1; i >= 0; i--) {
			length = (length << 8) | (b[i] & 0xff);
		}
		if (length < 0 || length > this.data.length - this.position) {
			throw new IllegalArgumentException("a length beyond the end of the pickle (truncated)");
		}
		return (int) length;
	}

	byte[] read(int count) {
		if (count > this.data.length - this.position) {
			throw new IllegalArgumentException("the pickle ends inside this opcode (truncated)");
		}
		byte[] bytes = Arrays.copyOfRange(this.data, this.position, this.position + count);
		this.position += count;
		return bytes;
	}

	byte[] readLine() {
		for (int i = this.position; i < this.data.length; i++) {
			if (this.data[i] == '\n') {
				byte[] line = Arrays.copyOfRange(this.data, this.position, i);
				this.position = i + 1;
				return line;
			}
		}
		throw new IllegalArgumentException("the pickle ends inside this opcode's line (truncated)");
	}

	static JsonNode signedLittleEndian(byte[] bytes) {
		byte[] bigEndian = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			bigEndian[i] = bytes[bytes.length - 1 - i];
		}
		return (bytes.length == 0) ? IntNode.valueOf(0) : PickleText.integer(new BigInteger(bigEndian));
	}

}
