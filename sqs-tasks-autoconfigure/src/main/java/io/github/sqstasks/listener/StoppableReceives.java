package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The client the listener containers use: the application's client, except that {@link #stopReceiving()} ends every
 * pending long poll at once with no messages.
 *
 * <p>Ours because Spring Cloud AWS's container, on stop, waits for its in-flight poll to return (up to the poll
 * timeout, 20 s with long polling) before it can finish. A poll ended early may still receive messages from the
 * broker afterwards: they are made visible again at once (visibility 0), so nothing waits out a visibility timeout.
 * Only the calls the container makes are delegated; it never closes the application's client.
 *
 * <p>It also handles receives that fail, for example while the broker is unreachable: the container is given an
 * empty poll after a back-off ({@link BrokerErrors#BACKOFF}) instead of the error. Spring Cloud AWS would log every
 * failed poll at ERROR with its stack trace; here an outage is one WARN per queue, with the error, when polls start
 * failing, and one INFO, with how long it lasted, when a poll succeeds again. The back-off ends at once on stop.
 *
 * <p>Messages it receives are handed to {@link ReceivedMessages}, which renews their visibility from that moment
 * until a handler takes them.
 */
final class StoppableReceives implements SqsAsyncClient {

	private static final Logger logger = LoggerFactory.getLogger(StoppableReceives.class);

	private final SqsAsyncClient delegate;

	private static final ReceiveMessageResponse EMPTY = ReceiveMessageResponse.builder().messages(List.of()).build();

	private final Set<CompletableFuture<ReceiveMessageResponse>> pending = ConcurrentHashMap.newKeySet();

	private final Map<String, ReceivePacing> pacings = new ConcurrentHashMap<>();

	private final Map<String, Outage> outages = new ConcurrentHashMap<>();

	private volatile boolean stopped;

	private volatile @Nullable ReceivedMessages received;

	StoppableReceives(SqsAsyncClient delegate) {
		this.delegate = delegate;
	}

	/**
	 * Lets a queue's pacing turn its extra receives into short polls.
	 * @param queueUrl the queue
	 * @param pacing its pacing
	 */
	void pace(String queueUrl, ReceivePacing pacing) {
		this.pacings.put(queueUrl, pacing);
	}

	/**
	 * Starts receiving again after a stop.
	 * @param received keeps the messages received from now on invisible until a handler takes them
	 */
	void resume(ReceivedMessages received) {
		this.received = received;
		this.outages.clear();
		this.stopped = false;
	}

	void stopReceiving() {
		this.stopped = true;
		this.pending.forEach((poll) -> poll.complete(EMPTY));
	}

	@Override
	public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest original) {
		ReceivePacing pacing = this.pacings.get(original.queueUrl());
		ReceiveMessageRequest request = (pacing != null && pacing.shortPoll())
				? original.toBuilder().waitTimeSeconds(0).build() : original;
		if (this.stopped) {
			return CompletableFuture.completedFuture(EMPTY);
		}
		CompletableFuture<ReceiveMessageResponse> poll = new CompletableFuture<>();
		this.pending.add(poll);
		long sentAt = System.nanoTime();
		this.delegate.receiveMessage(request).whenComplete((response, error) -> {
			if (error != null) {
				failed(request.queueUrl(), poll, sentAt, error);
				return;
			}
			this.pending.remove(poll);
			recovered(request.queueUrl());
			List<Message> messages = response.hasMessages() ? response.messages() : List.of();
			ReceivedMessages current = this.received;
			if (!messages.isEmpty() && current != null && !this.stopped) {
				// before the container sees them: a free handler may take one at once, and claims its heartbeat
				current.received(request.queueUrl(), messages);
			}
			if (!poll.complete(response) && !messages.isEmpty()) {
				if (current != null) {
					current.forget(messages);
				}
				ReceivedMessages.giveBack(this.delegate, request.queueUrl(),
						messages.stream().map(Message::receiptHandle).toList());
			}
		});
		return poll;
	}

	/**
	 * Completes a failed poll with no messages after the back-off; it stays pending meanwhile, so that a stop ends
	 * the wait. Logs the first failure of an outage.
	 */
	private void failed(String queueUrl, CompletableFuture<ReceiveMessageResponse> poll, long sentAt, Throwable error) {
		if (this.stopped || poll.isDone()) {
			// Ended by a stop: the client may fail what was still in flight as it closes.
			this.pending.remove(poll);
			logger.debug("Receive from {} failed after stop", queueUrl, error);
			return;
		}
		Outage fresh = new Outage(System.nanoTime());
		Outage outage = this.outages.putIfAbsent(queueUrl, fresh);
		if (outage == null) {
			outage = fresh;
			logger.warn("Cannot receive messages from queue '{}': {}. Retrying with back-off (up to every {} s) until "
					+ "the broker answers", BrokerErrors.queueName(queueUrl), BrokerErrors.describe(error),
					BrokerErrors.MAX_BACKOFF.toSeconds());
		}
		else {
			logger.debug("Receive from queue '{}' failed again", BrokerErrors.queueName(queueUrl), error);
		}
		outage.failures.incrementAndGet();
		// The receives in flight when the outage began (several on a backlog) fail together: each waits the first
		// step. Counting them all would take the back-off to its maximum at once, and the worker would resume up to
		// 10 s after the broker (measured in BrokerFaultTests: 8.5 s, with 10 receives in flight at the cut).
		int step = (sentAt - outage.since < 0) ? 1 : outage.steps.incrementAndGet();
		Duration delay = BrokerErrors.BACKOFF.delay(step);
		CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
			this.pending.remove(poll);
			poll.complete(EMPTY);
		});
	}

	private void recovered(String queueUrl) {
		Outage outage = this.outages.remove(queueUrl);
		if (outage != null) {
			logger.info("Receiving messages from queue '{}' again, after {} s and {} failed receive(s)",
					BrokerErrors.queueName(queueUrl),
					String.format(Locale.ROOT, "%.1f", (System.nanoTime() - outage.since) / 1e9),
					outage.failures.get());
		}
	}

	@Override
	public CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(DeleteMessageBatchRequest request) {
		return this.delegate.deleteMessageBatch(request);
	}

	@Override
	public CompletableFuture<DeleteMessageResponse> deleteMessage(DeleteMessageRequest request) {
		return this.delegate.deleteMessage(request);
	}

	@Override
	public CompletableFuture<ChangeMessageVisibilityResponse> changeMessageVisibility(
			ChangeMessageVisibilityRequest request) {
		return this.delegate.changeMessageVisibility(request);
	}

	@Override
	public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeMessageVisibilityBatch(
			ChangeMessageVisibilityBatchRequest request) {
		return this.delegate.changeMessageVisibilityBatch(request);
	}

	@Override
	public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest request) {
		return this.delegate.getQueueUrl(request);
	}

	@Override
	public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
		// The container asks for the visibility timeout on start; the heartbeat of waiting messages needs it too.
		return this.delegate.getQueueAttributes(request).thenApply((response) -> {
			String timeout = response.attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
			ReceivedMessages current = this.received;
			if (timeout != null && current != null) {
				current.queueVisibilityTimeout(request.queueUrl(), Duration.ofSeconds(Long.parseLong(timeout)));
			}
			return response;
		});
	}

	@Override
	public CompletableFuture<CreateQueueResponse> createQueue(CreateQueueRequest request) {
		return this.delegate.createQueue(request);
	}

	@Override
	public String serviceName() {
		return this.delegate.serviceName();
	}

	@Override
	public SqsServiceClientConfiguration serviceClientConfiguration() {
		return this.delegate.serviceClientConfiguration();
	}

	@Override
	public void close() {
		// The application's client outlives the containers.
	}

	/**
	 * A queue's receives failing since a point in time.
	 */
	private static final class Outage {

		private final long since;

		private final AtomicInteger failures = new AtomicInteger();

		/** Back-off steps taken: the first, then one per failed receive sent after the outage began. */
		private final AtomicInteger steps = new AtomicInteger(1);

		Outage(long since) {
			this.since = since;
		}

	}

}
