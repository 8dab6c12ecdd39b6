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
	 * @param nullable whether the parameter may be null ({@code @Nullable}, or a nullable Kotlin type), null when the
	 * field is absent
	 * @param defaulted whether the parameter has a Kotlin default value, used when the field is absent or null
	 */
	record Argument(String name, JavaType type, boolean optional, boolean nullable,
			boolean defaulted) implements ParameterBinding {

		/**
		 * Creates an argument without a default value.
		 * @param name the JSON field (the parameter's name)
		 * @param type the target type
		 * @param optional whether the parameter is a {@code java.util.Optional}
		 * @param nullable whether the parameter may be null
		 */
		public Argument(String name, JavaType type, boolean optional, boolean nullable) {
			this(name, type, optional, nullable, false);
		}

		/**
		 * Tells whether a message may leave this argument out.
		 * @return {@code true} when absence binds to empty, null or the default value
		 */
		public boolean isRequired() {
			return !this.optional && !this.nullable && !this.defaulted;
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
