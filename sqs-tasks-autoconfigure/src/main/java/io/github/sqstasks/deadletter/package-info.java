/**
 * Dead-letter queues: redrive back to the source queue and processing in place.
 */
@NullMarked
package io.github.sqstasks.deadletter;

import org.jspecify.annotations.NullMarked;
