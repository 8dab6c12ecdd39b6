/**
 * The consumer: one {@code QueuePipeline} per consumed queue (receive, hold, admit and
 * dispatch, outcome, acknowledge), started and stopped by {@link io.github.sqstasks.listener.QueueListeners}. Not an
 * API: the public types here are used by the library's own packages and its test support; applications use
 * {@link io.github.sqstasks.listener.WorkerFinishedEvent}, {@link io.github.sqstasks.listener.TaskCounters} and
 * {@link io.github.sqstasks.listener.TaskOutcome}, which the README documents.
 */
@NullMarked
package io.github.sqstasks.listener;

import org.jspecify.annotations.NullMarked;
