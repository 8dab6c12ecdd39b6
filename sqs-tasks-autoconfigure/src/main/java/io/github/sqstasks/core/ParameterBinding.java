package io.github.sqstasks.core;

import com.fasterxml.jackson.databind.JavaType;

/**
 * How one handler parameter gets its value.
 */
public sealed interface ParameterBinding {

	/**
	 * A value read from the body's field of the same name and converted to the parameter's type.
	 *
	 * @param name the JSON field (the parameter's name)
	 * @param type the target type
	 * @param optional whether the parameter is a {@code java.util.Optional}, empty when the field is absent
	 * @param nullable whether the parameter is annotated {@code @Nullable}, null when the field is absent
	 */
	record Argument(String name, JavaType type, boolean optional, boolean nullable) implements ParameterBinding {

		/**
		 * Tells whether a message may leave this argument out.
		 * @return {@code true} when absence binds to empty or null
		 */
		public boolean isRequired() {
			return !this.optional && !this.nullable;
		}

	}

	/** The propagated {@code TaskContext}. */
	record Context() implements ParameterBinding {
	}

	/** The received {@code TaskMessage}. */
	record Message() implements ParameterBinding {
	}

	/**
	 * The items of a batch handler: each message's arguments as one element, or the messages themselves.
	 *
	 * @param elementType the list's element type
	 * @param messages whether the elements are {@code TaskMessage}s
	 */
	record Batch(JavaType elementType, boolean messages) implements ParameterBinding {
	}

	/** The body as a string, for raw tasks. */
	record Body() implements ParameterBinding {
	}

}
