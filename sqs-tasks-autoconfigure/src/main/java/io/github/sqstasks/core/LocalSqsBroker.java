package io.github.sqstasks.core;

/**
 * Marks a broker that lives in this JVM and starts empty (the embedded ElasticMQ, the in-memory SQS): sqs-tasks
 * creates the queues it needs there unless {@code sqs-tasks.create-queues} says otherwise.
 */
public interface LocalSqsBroker {

}
