/**
 * The {@code @SqsTask} and {@code @SqsRawTask} annotations and the post-processor that registers them.
 */
@NullMarked
package io.github.sqstasks.annotation;

import org.jspecify.annotations.NullMarked;
