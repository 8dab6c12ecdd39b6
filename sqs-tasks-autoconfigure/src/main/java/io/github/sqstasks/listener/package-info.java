/**
 * Per-queue listener containers built on Spring Cloud AWS, and what happens to each received message.
 */
@NullMarked
package io.github.sqstasks.listener;

import org.jspecify.annotations.NullMarked;
