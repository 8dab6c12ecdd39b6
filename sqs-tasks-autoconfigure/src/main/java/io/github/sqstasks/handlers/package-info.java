/**
 * Handlers registered in code, without the annotation: {@link io.github.sqstasks.handlers.TaskHandlers}.
 */
@NullMarked
package io.github.sqstasks.handlers;

import org.jspecify.annotations.NullMarked;
