/**
 * Sending jobs: {@code SqsTaskTemplate}, {@code JobOptions} and {@code BakedTask}.
 */
@NullMarked
package io.github.sqstasks.producer;

import org.jspecify.annotations.NullMarked;
