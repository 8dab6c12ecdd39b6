/**
 * Failure analyzers that turn sqs-tasks' start-up failures into Spring Boot's "APPLICATION FAILED TO START" report.
 */
@NullMarked
package io.github.sqstasks.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
