package io.github.sqstasks.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Python values {@link PickleReader} builds while it reads, and their conversion to a Jackson tree.
 *
 * <p>Containers stay mutable Java objects until the pickle's end, since pickle fills a container after it was put in
 * the memo and may reference it again; a value referenced twice, or a container holding itself, is one object here.
 * The conversion expands such sharing, so it is the conversion that bounds depth (a cycle is infinitely deep) and the
 * number of nodes (shared values can multiply them far beyond the pickle's size).
 */
final class PickleValues {

	private PickleValues() {
	}

	/** A Python {@code list}. */
	static final class PyList {

		final List<Object> items = new ArrayList<>();

	}

	/** A Python {@code dict} whose keys were all strings. */
	static final class PyDict {

		final Map<String, Object> items = new LinkedHashMap<>();

	}

	/** A Python {@code set} or {@code frozenset}; read as a list. */
	static final class PySet {

		final List<Object> items = new ArrayList<>();

		final boolean frozen;

		PySet(boolean frozen) {
			this.frozen = frozen;
		}

	}

	/**
	 * A Python {@code tuple}.
	 * @param items the elements
	 */
	record PyTuple(List<Object> items) {
	}

	/**
	 * A reference to one of the few Python callables {@link PickleReader} knows how to stand in for; never a value.
	 * @param module the module
	 * @param name the name in the module
	 */
	record PyGlobal(String module, String name) {

		String qualifiedName() {
			return this.module + "." + this.name;
		}

	}

	/**
	 * Converts a value to a Jackson tree.
	 * @param value the value the pickle left
	 * @param limits the bounds on depth and nodes
	 * @param what the name of the attribute or body, for messages
	 * @return the tree
	 * @throws IllegalArgumentException when the tree would be too deep or too large
	 */
	static JsonNode toJson(Object value, PickleReader.Limits limits, String what) {
		return new Conversion(limits, what).convert(value, 1);
	}

	private static final class Conversion {

		private final JsonNodeFactory nodes = JsonNodeFactory.instance;

		private final PickleReader.Limits limits;

		private final String what;

		private long count;

		Conversion(PickleReader.Limits limits, String what) {
			this.limits = limits;
			this.what = what;
		}

		JsonNode convert(Object value, int depth) {
			if (++this.count > this.limits.maxElements()) {
				throw new IllegalArgumentException(this.what + " holds more than " + this.limits.maxElements()
						+ " elements once values the pickle shares are counted at each place they appear; send fewer "
						+ "or split the job");
			}
			if (value instanceof JsonNode node) {
				return node;
			}
			if (depth > this.limits.maxDepth()) {
				throw new IllegalArgumentException(this.what + " nests containers deeper than the maximum depth of "
						+ this.limits.maxDepth() + " (or holds a container that contains itself)");
			}
			if (value instanceof PyDict dict) {
				ObjectNode object = this.nodes.objectNode();
				dict.items.forEach((key, item) -> object.set(key, convert(item, depth + 1)));
				return object;
			}
			if (value instanceof PyList list) {
				return array(list.items, depth);
			}
			if (value instanceof PyTuple tuple) {
				return array(tuple.items(), depth);
			}
			if (value instanceof PySet set) {
				return array(set.items, depth);
			}
			PyGlobal global = (PyGlobal) value;
			throw new IllegalArgumentException(this.what + " uses a reference to '" + LogSafe.name(global.qualifiedName())
					+ "' as a value; only plain data is read");
		}

		private ArrayNode array(List<Object> items, int depth) {
			ArrayNode array = this.nodes.arrayNode(items.size());
			for (Object item : items) {
				array.add(convert(item, depth + 1));
			}
			return array;
		}

	}

}
