/**
 * Spring Boot auto-configuration and {@code SqsTasksProperties}.
 */
@NullMarked
package io.github.sqstasks.autoconfigure;

import org.jspecify.annotations.NullMarked;
