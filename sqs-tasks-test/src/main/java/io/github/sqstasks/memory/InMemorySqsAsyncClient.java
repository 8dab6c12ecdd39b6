package io.github.sqstasks.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.AddPermissionRequest;
import software.amazon.awssdk.services.sqs.model.AddPermissionResponse;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskResponse;
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
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsRequest;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.RemovePermissionRequest;
import software.amazon.awssdk.services.sqs.model.RemovePermissionResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.TagQueueRequest;
import software.amazon.awssdk.services.sqs.model.TagQueueResponse;
import software.amazon.awssdk.services.sqs.model.UntagQueueRequest;
import software.amazon.awssdk.services.sqs.model.UntagQueueResponse;

/**
 * An in-process Amazon SQS behind the AWS SDK's {@link SqsAsyncClient} interface, with the service's semantics for
 * visibility, receive counts, dead-letter redrive, FIFO groups and deduplication, delays and limits.
 *
 * <p>Operations that are not implemented fail with an {@link UnsupportedOperationException} naming them. Time comes
 * from the clock given at construction; with a {@link ManualClock}, moving the clock wakes waiting receives.
 *
 * <p>Known differences from SQS: a receive returns every available message up to the maximum (SQS samples servers
 * and may return fewer); ListQueues has no pagination tokens; message move tasks complete before
 * StartMessageMoveTask returns, so CancelMessageMoveTask always fails; a queue name ending in {@code .fifo} makes a
 * FIFO queue even without the {@code FifoQueue} attribute; permissions, tags, KMS and FIFO high-throughput settings
 * are stored or refused but have no effect; a dead-lettered message keeps its receive count.
 */
public final class InMemorySqsAsyncClient implements SqsAsyncClient {

	private final Clock clock;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService completions;

	private final QueueRegistry registry;

	private final MessageMoveTasks moveTasks;

	private final Runnable clockListener = this::clockMoved;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates a client whose queues follow the system clock.
	 */
	public InMemorySqsAsyncClient() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates a client whose queues take their time from the given clock.
	 * @param clock the clock; a {@link ManualClock} lets tests move time
	 */
	public InMemorySqsAsyncClient(Clock clock) {
		this.clock = clock;
		this.scheduler = new ScheduledThreadPoolExecutor(1, Futures.daemonThreads("in-memory-sqs-timer"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.completions = Executors.newCachedThreadPool(Futures.daemonThreads("in-memory-sqs-response"));
		this.registry = new QueueRegistry(clock, !(clock instanceof ManualClock), this.scheduler, this.completions);
		this.moveTasks = new MessageMoveTasks(this.registry);
		if (clock instanceof ManualClock manual) {
			manual.addListener(this.clockListener);
		}
	}

	/**
	 * Returns the clock this client's queues use.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Returns a snapshot of a queue's messages (visible, in flight and delayed) without changing them.
	 * @param queueNameOrUrl the queue's name or URL
	 * @return the messages in the order they were sent
	 */
	public List<QueuedMessage> messages(String queueNameOrUrl) {
		return QueueInspector.snapshot(this.registry.get(queueNameOrUrl));
	}

	/**
	 * Returns the URLs of all queues, sorted by name.
	 * @return the queue URLs
	 */
	public List<String> queueUrls() {
		List<String> urls = new ArrayList<>();
		this.registry.list(null).forEach(queue -> urls.add(queue.url));
		return urls;
	}

	/**
	 * Removes every message of a queue at once, without the 60-second limit PurgeQueue has.
	 * @param queueNameOrUrl the queue's name or URL
	 */
	public void clear(String queueNameOrUrl) {
		this.registry.get(queueNameOrUrl).clear();
	}

	/**
	 * Deletes every queue.
	 */
	public void reset() {
		this.registry.list(null).forEach(this.registry::delete);
	}

	private void clockMoved() {
		for (MemoryQueue queue : this.registry.list(null)) {
			queue.longPolls().serve();
		}
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public SqsServiceClientConfiguration serviceClientConfiguration() {
		return SqsServiceClientConfiguration.builder().region(Region.US_EAST_1).build();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			if (this.clock instanceof ManualClock manual) {
				manual.removeListener(this.clockListener);
			}
			this.registry.list(null).forEach(queue -> queue.longPolls().endAll());
			this.scheduler.shutdownNow();
			this.completions.shutdown();
		}
	}

	@Override
	public CompletableFuture<CreateQueueResponse> createQueue(CreateQueueRequest request) {
		return call(() -> QueueOperations.create(this.registry, request));
	}

	@Override
	public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest request) {
		return call(() -> GetQueueUrlResponse.builder().queueUrl(this.registry.getByName(request.queueName()).url)
			.build());
	}

	@Override
	public CompletableFuture<ListQueuesResponse> listQueues(ListQueuesRequest request) {
		return call(() -> QueueOperations.list(this.registry, request));
	}

	@Override
	public CompletableFuture<DeleteQueueResponse> deleteQueue(DeleteQueueRequest request) {
		return call(() -> {
			this.registry.delete(this.registry.get(request.queueUrl()));
			return DeleteQueueResponse.builder().build();
		});
	}

	@Override
	public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
		return call(() -> QueueOperations.attributes(this.registry, request));
	}

	@Override
	public CompletableFuture<SetQueueAttributesResponse> setQueueAttributes(SetQueueAttributesRequest request) {
		return call(() -> {
			QueueOperations.setAttributes(this.registry, request);
			return SetQueueAttributesResponse.builder().build();
		});
	}

	@Override
	public CompletableFuture<PurgeQueueResponse> purgeQueue(PurgeQueueRequest request) {
		return call(() -> {
			this.registry.get(request.queueUrl()).purge();
			return PurgeQueueResponse.builder().build();
		});
	}

	@Override
	public CompletableFuture<ListDeadLetterSourceQueuesResponse> listDeadLetterSourceQueues(
			ListDeadLetterSourceQueuesRequest request) {
		return call(() -> QueueOperations.deadLetterSources(this.registry, request));
	}

	@Override
	public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
		return call(() -> MessageOperations.send(this.registry, request));
	}

	@Override
	public CompletableFuture<SendMessageBatchResponse> sendMessageBatch(SendMessageBatchRequest request) {
		return call(() -> MessageOperations.sendBatch(this.registry, request));
	}

	@Override
	public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
		return call(() -> MessageOperations.receive(this.registry, request)).thenCompose(future -> future);
	}

	@Override
	public CompletableFuture<DeleteMessageResponse> deleteMessage(DeleteMessageRequest request) {
		return call(() -> {
			ReceiptOperations.delete(this.registry.get(request.queueUrl()), receiptHandle(request.receiptHandle()));
			return DeleteMessageResponse.builder().build();
		});
	}

	@Override
	public CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(DeleteMessageBatchRequest request) {
		return call(() -> MessageOperations.deleteBatch(this.registry, request));
	}

	@Override
	public CompletableFuture<ChangeMessageVisibilityResponse> changeMessageVisibility(
			ChangeMessageVisibilityRequest request) {
		return call(() -> {
			if (request.visibilityTimeout() == null) {
				throw SqsErrors.missingParameter("VisibilityTimeout");
			}
			ReceiptOperations.changeVisibility(this.registry.get(request.queueUrl()),
					receiptHandle(request.receiptHandle()), request.visibilityTimeout());
			return ChangeMessageVisibilityResponse.builder().build();
		});
	}

	@Override
	public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeMessageVisibilityBatch(
			ChangeMessageVisibilityBatchRequest request) {
		return call(() -> MessageOperations.changeVisibilityBatch(this.registry, request));
	}

	@Override
	public CompletableFuture<StartMessageMoveTaskResponse> startMessageMoveTask(StartMessageMoveTaskRequest request) {
		return call(() -> this.moveTasks.start(request));
	}

	@Override
	public CompletableFuture<ListMessageMoveTasksResponse> listMessageMoveTasks(ListMessageMoveTasksRequest request) {
		return call(() -> this.moveTasks.list(request));
	}

	@Override
	public CompletableFuture<CancelMessageMoveTaskResponse> cancelMessageMoveTask(
			CancelMessageMoveTaskRequest request) {
		return call(() -> {
			throw MessageMoveTasks.cannotCancel(request.taskHandle());
		});
	}

	@Override
	public CompletableFuture<AddPermissionResponse> addPermission(AddPermissionRequest request) {
		return Futures.unsupported("AddPermission");
	}

	@Override
	public CompletableFuture<RemovePermissionResponse> removePermission(RemovePermissionRequest request) {
		return Futures.unsupported("RemovePermission");
	}

	@Override
	public CompletableFuture<TagQueueResponse> tagQueue(TagQueueRequest request) {
		return Futures.unsupported("TagQueue");
	}

	@Override
	public CompletableFuture<UntagQueueResponse> untagQueue(UntagQueueRequest request) {
		return Futures.unsupported("UntagQueue");
	}

	@Override
	public CompletableFuture<ListQueueTagsResponse> listQueueTags(ListQueueTagsRequest request) {
		return Futures.unsupported("ListQueueTags");
	}

	@Override
	public SqsAsyncBatchManager batchManager() {
		throw new java.lang.UnsupportedOperationException(
				"The in-memory SQS does not provide SqsAsyncClient.batchManager(); use sendMessageBatch directly");
	}

	private static String receiptHandle(@org.jspecify.annotations.Nullable String handle) {
		if (handle == null || handle.isEmpty()) {
			throw SqsErrors.missingParameter("ReceiptHandle");
		}
		return handle;
	}

	private <T> CompletableFuture<T> call(Supplier<T> operation) {
		return Futures.call(this.closed.get(), operation);
	}

}
