package io.github.sqstasks.benchmarks;

import java.util.List;
import java.util.function.Supplier;

/**
 * One consumer under test, with what the benchmark needs around it: its own counted client, the queue, and how a
 * producer of that stack sends one task.
 *
 * @param name the row name in the results
 * @param counter counts the requests of {@code consumer} and {@code sender}
 * @param queueUrl resolves the queue's URL once the consumer has started
 * @param consumer the consumer
 * @param sender sends the given tasks the way an application of this stack would, in one request
 * @param measureIdle whether to run the idle window for this consumer
 * @param client the counted client, for pre-sending and purging
 */
public record Subject(String name, RequestCounter counter, Supplier<String> queueUrl, Consumer consumer,
		java.util.function.Consumer<List<Integer>> sender, boolean measureIdle, software.amazon.awssdk.services.sqs.SqsAsyncClient client) {
}
