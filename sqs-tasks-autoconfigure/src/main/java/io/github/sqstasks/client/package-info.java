/**
 * Typed task clients: interfaces annotated with {@code @SqsTaskClient} whose methods send jobs.
 */
@NullMarked
package io.github.sqstasks.client;

import org.jspecify.annotations.NullMarked;
