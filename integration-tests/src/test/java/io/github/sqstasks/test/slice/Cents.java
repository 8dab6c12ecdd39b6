package io.github.sqstasks.test.slice;

/**
 * An amount in cents, without accessors or creators that Jackson could use: only {@link CentsModule} reads it.
 */
final class Cents {

	private final long value;

	Cents(long value) {
		this.value = value;
	}

	long value() {
		return this.value;
	}

}
