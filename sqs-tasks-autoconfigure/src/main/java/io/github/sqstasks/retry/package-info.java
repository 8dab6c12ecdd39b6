/**
 * Backoff policies: how long a failed message stays invisible before its next attempt.
 */
@NullMarked
package io.github.sqstasks.retry;

import org.jspecify.annotations.NullMarked;
