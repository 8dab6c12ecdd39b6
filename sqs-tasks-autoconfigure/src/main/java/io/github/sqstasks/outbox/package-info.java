/**
 * The transactional outbox: jobs written to a table in the application's transaction and relayed to SQS after commit.
 */
@NullMarked
package io.github.sqstasks.outbox;

import org.jspecify.annotations.NullMarked;
