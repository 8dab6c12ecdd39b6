/**
 * Task definitions, the registry, argument binding and the wire format.
 */
@NullMarked
package io.github.sqstasks.core;

import org.jspecify.annotations.NullMarked;
