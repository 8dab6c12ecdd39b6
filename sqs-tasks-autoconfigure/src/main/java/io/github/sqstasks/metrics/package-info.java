/**
 * Micrometer metrics and observations (tracing) of task processing.
 */
@NullMarked
package io.github.sqstasks.metrics;

import org.jspecify.annotations.NullMarked;
