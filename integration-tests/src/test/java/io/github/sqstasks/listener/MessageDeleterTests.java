package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the delete batcher does when the broker does not answer, or refuses.
 */
class MessageDeleterTests {

	private static final String QUEUE_URL = "http://localhost/000000000000/work";

	@Test
	void aDeleteThatGetsNoAnswerIsSentAgainAndSucceeds() {
		Broker broker = new Broker(unreachable(), answered());
		MessageDeleter deleter = new MessageDeleter(broker, Duration.ZERO, 10);

		CompletableFuture<Void> done = deleter.delete(QUEUE_URL, "handle-1", "m-1");

		await().atMost(Duration.ofSeconds(10)).until(done::isDone);
		assertThat(done).isCompletedWithValue(null);
		assertThat(broker.requests).hasSize(2)
			.allMatch((request) -> request.entries().get(0).receiptHandle().equals("handle-1"));
		deleter.close(Duration.ofSeconds(1));
	}

	@Test
	void aRefusedDeleteIsNotSentAgain() {
		Broker broker = new Broker(refused(), answered());
		MessageDeleter deleter = new MessageDeleter(broker, Duration.ZERO, 10);

		CompletableFuture<Void> done = deleter.delete(QUEUE_URL, "handle-1", "m-1");

		await().atMost(Duration.ofSeconds(5)).until(done::isDone);
		assertThat(done).isCompletedExceptionally();
		assertThat(broker.requests).hasSize(1);
		deleter.close(Duration.ofSeconds(1));
	}

	@Test
	void closingSendsADeleteWaitingToBeRetriedAtOnce() {
		Broker broker = new Broker(unreachable(), answered());
		MessageDeleter deleter = new MessageDeleter(broker, Duration.ZERO, 10);
		CompletableFuture<Void> done = deleter.delete(QUEUE_URL, "handle-1", "m-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> broker.requests.size() == 1);

		long start = System.nanoTime();
		deleter.close(Duration.ofSeconds(5));

		// The back-off before a second attempt is 1 s; the close did not wait for it.
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900);
		assertThat(done).isCompletedWithValue(null);
		assertThat(broker.requests).hasSize(2);
	}

	private static Supplier<CompletableFuture<DeleteMessageBatchResponse>> unreachable() {
		return () -> CompletableFuture.failedFuture(SdkClientException.create("Unable to execute HTTP request: "
				+ "Connection refused"));
	}

	private static Supplier<CompletableFuture<DeleteMessageBatchResponse>> refused() {
		return () -> CompletableFuture.failedFuture(SqsException.builder()
			.statusCode(400)
			.message("The specified queue does not exist")
			.build());
	}

	private static Supplier<CompletableFuture<DeleteMessageBatchResponse>> answered() {
		return () -> CompletableFuture.completedFuture(DeleteMessageBatchResponse.builder().build());
	}

	/**
	 * A client whose delete requests get the given outcomes in turn, the last one from then on.
	 */
	private static final class Broker implements SqsAsyncClient {

		final List<DeleteMessageBatchRequest> requests = new CopyOnWriteArrayList<>();

		private final Deque<Supplier<CompletableFuture<DeleteMessageBatchResponse>>> outcomes;

		@SafeVarargs
		Broker(Supplier<CompletableFuture<DeleteMessageBatchResponse>>... outcomes) {
			this.outcomes = new ArrayDeque<>(List.of(outcomes));
		}

		@Override
		public synchronized CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(
				DeleteMessageBatchRequest request) {
			this.requests.add(request);
			return ((this.outcomes.size() > 1) ? this.outcomes.poll() : this.outcomes.peek()).get();
		}

		@Override
		public String serviceName() {
			return SERVICE_NAME;
		}

		@Override
		public void close() {
		}

	}

}
