/**
 * Types that task handlers use: failure signals, the propagated context and the received message.
 */
@NullMarked
package io.github.sqstasks;

import org.jspecify.annotations.NullMarked;
