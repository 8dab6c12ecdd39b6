package io.github.sqstasks.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that concurrent producers and long-polling consumers neither lose nor duplicate messages.
 */
class InMemorySqsConcurrencyTests {

	private static final int PRODUCERS = 4;

	private static final int CONSUMERS = 4;

	private static final int PER_PRODUCER = 5_000;

	@Test
	void concurrentProducersAndConsumersSeeEveryMessageExactlyOnce() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
		try (InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient()) {
			String queue = sqs.createQueue(request -> request.queueName("busy")).join().queueUrl();
			Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
			List<Future<?>> work = new ArrayList<>();
			for (int c = 0; c < CONSUMERS; c++) {
				work.add(threads.submit(() -> consume(sqs, queue, seen)));
			}
			for (int p = 0; p < PRODUCERS; p++) {
				int producer = p;
				work.add(threads.submit(() -> {
					for (int i = 0; i < PER_PRODUCER; i++) {
						String body = producer + "-" + i;
						sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body)).join();
					}
				}));
			}
			await().atMost(20, TimeUnit.SECONDS).until(() -> seen.size() == PRODUCERS * PER_PRODUCER);
			threads.shutdownNow();
			assertThat(seen.values()).allSatisfy(count -> assertThat(count).hasValue(1));
			assertThat(sqs.messages(queue)).isEmpty();
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void consume(InMemorySqsAsyncClient sqs, String queue, Map<String, AtomicInteger> seen) {
		while (!Thread.currentThread().isInterrupted()) {
			List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queue)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(1)).join().messages();
			for (Message message : messages) {
				seen.computeIfAbsent(message.body(), body -> new AtomicInteger()).incrementAndGet();
				sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(message.receiptHandle())).join();
			}
		}
	}

}
