/**
 * The sqs-tasks dashboard: one page of queues, tasks and dead letters, served by a servlet web application when
 * {@code sqs-tasks.dashboard.enabled} is set.
 */
@NullMarked
package io.github.sqstasks.dashboard;

import org.jspecify.annotations.NullMarked;
