/**
 * Side-by-side benchmark of a raw SDK loop, plain Spring Cloud AWS and sqs-tasks on one embedded ElasticMQ.
 */
@NullMarked
package io.github.sqstasks.benchmarks;

import org.jspecify.annotations.NullMarked;
