/**
 * Testing task code without a broker: {@code @SqsTaskTest}, {@code @AutoConfigureInMemorySqs} and {@code InMemorySqs}.
 */
@NullMarked
package io.github.sqstasks.test;

import org.jspecify.annotations.NullMarked;
