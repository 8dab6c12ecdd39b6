/**
 * Recurring jobs: schedules ({@code sqs-tasks.schedules.<id>} and {@code @SqsTaskSchedule}) whose ticks each
 * instance enqueues, and SQS FIFO deduplication keeps to one job per tick.
 */
@NullMarked
package io.github.sqstasks.schedule;

import org.jspecify.annotations.NullMarked;
