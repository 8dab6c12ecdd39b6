/**
 * Operations on the application's queues as a whole, for tests, deploy scripts and tear-down: waiting until queues
 * are empty, deleting a queue the application configures.
 */
@NullMarked
package io.github.sqstasks.queues;

import org.jspecify.annotations.NullMarked;
