package io.github.sqstasks.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Helpers and hooks of the SQS conformance tests: subclasses supply the backend and a way to let time pass.
 */
abstract class SqsConformanceSupport {

	private static final AtomicInteger QUEUE_COUNTER = new AtomicInteger();

	protected abstract SqsAsyncClient sqs();

	/** Lets the given time pass for the backend's visibility timeouts and delays. */
	protected abstract void elapse(Duration duration);

	protected String createQueue(String name, Map<QueueAttributeName, String> attributes) {
		String unique = name.endsWith(".fifo")
				? name.substring(0, name.length() - 5) + "-" + QUEUE_COUNTER.incrementAndGet() + ".fifo"
				: name + "-" + QUEUE_COUNTER.incrementAndGet();
		Map<QueueAttributeName, String> all = new HashMap<>(attributes);
		if (unique.endsWith(".fifo")) {
			all.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		return sqs().createQueue(request -> request.queueName(unique).attributes(all)).join().queueUrl();
	}

	protected String createQueue(String name) {
		return createQueue(name, Map.of());
	}

	protected String send(String queueUrl, String body) {
		return sqs().sendMessage(request -> request.queueUrl(queueUrl).messageBody(body)).join().messageId();
	}

	protected List<Message> receive(String queueUrl, int max) {
		return receiveAsync(queueUrl, max, 0).join().messages();
	}

	protected CompletableFuture<ReceiveMessageResponse> receiveAsync(String queueUrl, int max, int waitSeconds) {
		return sqs().receiveMessage(request -> request.queueUrl(queueUrl)
			.maxNumberOfMessages(max)
			.waitTimeSeconds(waitSeconds)
			.messageSystemAttributeNamesWithStrings("All")
			.messageAttributeNames("All"));
	}

	protected void delete(String queueUrl, Message message) {
		sqs().deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())).join();
	}

	protected String arnOf(String queueUrl) {
		return attribute(queueUrl, QueueAttributeName.QUEUE_ARN);
	}

	protected String attribute(String queueUrl, QueueAttributeName name) {
		return sqs().getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(name))
			.join()
			.attributes()
			.get(name);
	}

	protected static SqsException failure(CompletableFuture<?> future) {
		Throwable thrown = catchThrowable(future::join);
		assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SqsException.class);
		return (SqsException) thrown.getCause();
	}

	protected static String errorCode(CompletableFuture<?> future) {
		return failure(future).awsErrorDetails().errorCode();
	}

	protected static int receiveCount(Message message) {
		return Integer.parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
	}

	protected static List<SendMessageBatchRequestEntry> entries(int count, String prefix) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(prefix + i).build());
		}
		return entries;
	}

	/** Standard queues return a sample of the messages, so collect until the expected number arrived. */
	protected List<Message> receiveAll(String queue, int expected) {
		List<Message> all = new ArrayList<>();
		await().atMost(5, TimeUnit.SECONDS).until(() -> {
			all.addAll(receive(queue, 10));
			return all.size() >= expected;
		});
		return all;
	}

	/**
	 * Checks that breaking a limit fails as SQS fails; a backend that behaves differently overrides this, saying how.
	 */
	protected void assertRefused(Limit limit, CompletableFuture<?> result) {
		assertThat(errorCode(result)).as(limit.name()).isEqualTo(limit.sqsErrorCode());
	}

}
