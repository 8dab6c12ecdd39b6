/**
 * An in-process Amazon SQS with the service's semantics, exposed as an AWS SDK {@code SqsAsyncClient}.
 */
@NullMarked
package io.github.sqstasks.memory;

import org.jspecify.annotations.NullMarked;
