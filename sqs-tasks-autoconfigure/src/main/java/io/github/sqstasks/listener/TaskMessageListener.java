package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.QueueAttributes;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.PoisonMessageException;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.producer.DelayedDelivery;
import io.github.sqstasks.retry.BackoffPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Spring Cloud AWS listener of one queue: decodes each message, runs its handler, then acknowledges (deletes) it or
 * hands the failure to the {@link FailureHandler}.
 *
 * <p>The container runs in manual acknowledgement mode so that outcomes, and their logging, are ours: a
 * {@code RetryLater} is not an error, and a message is deleted only after its handler returned (unless the queue is
 * configured to delete on start). From the moment the message is received (see {@link ReceivedMessages}) until the
 * delete is confirmed, a heartbeat renews its visibility.
 */
final class TaskMessageListener implements MessageListener<Object> {

	private static final Logger logger = LoggerFactory.getLogger(TaskMessageListener.class);

	private static final Logger failedLogger = LoggerFactory.getLogger(FailureHandler.FAILED_LOGGER);

	private final QueueSettings settings;

	private final MessageDecoder decoder;

	private final TaskDispatcher dispatcher;

	private final FailureHandler failures;

	private final VisibilityHeartbeat heartbeat;

	private final BatchProcessor batches;

	private final DelayedDelivery delayedDelivery;

	private final TaskCounters counters;

	private final MessageDeleter deleter;

	private final QueueActivity queueActivity;

	private final FifoGroupGuard fifoGroups = new FifoGroupGuard();

	private final HandlerSlots slots;

	private final ReceivedMessages received;

	private final boolean threadPerMessage;

	private volatile boolean closed;

	TaskMessageListener(QueueSettings settings, MessageDecoder decoder, TaskDispatcher dispatcher,
			FailureHandler failures, VisibilityHeartbeat heartbeat, BatchProcessor batches,
			DelayedDelivery delayedDelivery, TaskCounters counters, MessageDeleter deleter,
			QueueActivity queueActivity, ReceivedMessages received, boolean threadPerMessage) {
		this.received = received;
		this.threadPerMessage = threadPerMessage;
		this.deleter = deleter;
		this.queueActivity = queueActivity;
		this.counters = counters;
		this.batches = batches;
		this.delayedDelivery = delayedDelivery;
		this.settings = settings;
		this.decoder = decoder;
		this.dispatcher = dispatcher;
		this.failures = failures;
		this.heartbeat = heartbeat;
		this.slots = new HandlerSlots(settings.concurrency());
	}

	/**
	 * Gives back, unprocessed, every message handed to this listener from now on.
	 */
	void stopHandling() {
		this.closed = true;
		this.slots.close();
	}

	@Override
	public void onMessage(org.springframework.messaging.Message<Object> message) {
		Message source = sourceOf(message);
		ReceivedMessages.Claim claim = this.received.claim(source);
		if (claim != null) {
			handle(message, source, claim.beat(), false);
		}
	}

	/**
	 * Handles one message, with the heartbeat started when it was received, if any.
	 * @param inBatch whether it came in a batch: it then takes a handler slot (a pool thread runs a whole batch), as
	 * every message does with a thread per message (virtual threads)
	 */
	private void handle(org.springframework.messaging.Message<Object> message, Message source,
			VisibilityHeartbeat.@Nullable Beat received, boolean inBatch) {
		if (this.closed || !this.fifoGroups.admit(groupId(source), source.messageId())
				|| !this.queueActivity.admit()) {
			stop(received);
			release(message);
			return;
		}
		if (deferred(message, source, received)) {
			return;
		}
		Actions actions = new Actions(message, source, (received != null) ? received : startHeartbeat(message, source));
		int slot = (inBatch || this.threadPerMessage) ? this.slots.acquire(1) : -1;
		if (slot == 0) {
			actions.giveBack();
			return;
		}
		try {
			process(actions);
		}
		finally {
			if (slot > 0) {
				this.slots.release(slot);
			}
		}
	}

	private static void stop(VisibilityHeartbeat.@Nullable Beat beat) {
		if (beat != null) {
			beat.stop();
		}
	}

	private static Message sourceOf(org.springframework.messaging.Message<Object> message) {
		Message source = message.getHeaders().get(SqsHeaders.SQS_SOURCE_DATA_HEADER, Message.class);
		if (source == null) {
			throw new IllegalStateException("Spring Cloud AWS passed a message without its SQS source data");
		}
		return source;
	}

	private void process(Actions actions) {
		Message source = actions.source;
		if (this.settings.deleteOnStart()) {
			processAtMostOnce(actions);
			return;
		}
		try {
			TaskMessage task = this.decoder.decode(this.settings.queue(), source);
			this.dispatcher.dispatch(task);
			logger.debug("Task '{}' (message {} on queue '{}') succeeded", LogSafe.name(task.taskName()), source.messageId(),
					this.settings.queue());
			this.counters.record(this.settings.queue(), task.taskName(), TaskOutcome.SUCCEEDED);
			actions.delete();
		}
		catch (VirtualMachineError error) {
			actions.beat.stop();
			throw error;
		}
		catch (Throwable error) {
			this.failures.handle(new FailureHandler.Failure(this.settings, source, taskName(source),
					MessageDecoder.receiveCount(source), error), actions);
		}
	}

	@Override
	public void onMessage(Collection<org.springframework.messaging.Message<Object>> messages) {
		Map<TaskDefinition, List<TaskMessage>> batches = new LinkedHashMap<>();
		Map<String, Actions> actionsById = new HashMap<>();
		for (org.springframework.messaging.Message<Object> message : messages) {
			Message source = sourceOf(message);
			ReceivedMessages.Claim claim = this.received.claim(source);
			if (claim == null) {
				continue;
			}
			BatchItem item = this.settings.deleteOnStart() ? null : batchItem(source);
			if (item == null) {
				handle(message, source, claim.beat(), true);
				continue;
			}
			if (this.closed || !this.queueActivity.admit()) {
				stop(claim.beat());
				release(message);
				continue;
			}
			if (deferred(message, source, claim.beat())) {
				continue;
			}
			VisibilityHeartbeat.Beat beat = (claim.beat() != null) ? claim.beat() : startHeartbeat(message, source);
			actionsById.put(source.messageId(), new Actions(message, source, beat));
			batches.computeIfAbsent(item.definition(), (key) -> new ArrayList<>()).add(item.task());
		}
		if (actionsById.isEmpty()) {
			return;
		}
		int slots = this.slots.acquire(actionsById.size());
		if (slots == 0) {
			actionsById.values().forEach(Actions::giveBack);
			return;
		}
		try {
			processBatches(batches, actionsById);
		}
		finally {
			this.slots.release(slots);
		}
	}

	private void processBatches(Map<TaskDefinition, List<TaskMessage>> batches, Map<String, Actions> actionsById) {
		batches.forEach((definition, tasks) -> this.batches.process(definition, tasks, new BatchProcessor.Outcome() {

			@Override
			public void succeeded(TaskMessage task) {
				TaskMessageListener.this.counters.record(TaskMessageListener.this.settings.queue(), task.taskName(),
						TaskOutcome.SUCCEEDED);
				actionsById.get(task.messageId()).delete();
			}

			@Override
			public void failed(TaskMessage task, Throwable error) {
				Actions actions = actionsById.get(task.messageId());
				TaskMessageListener.this.failures.handle(new FailureHandler.Failure(TaskMessageListener.this.settings,
						actions.source, task.taskName(), task.receiveCount(), error), actions);
			}

		}));
	}

	/**
	 * Gives a message back at once (visibility 0): this worker has reached its max-tasks limit.
	 */
	private static void release(org.springframework.messaging.Message<Object> message) {
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		if (visibility != null) {
			visibility.changeToAsync(0);
		}
	}

	/**
	 * Re-sends a message whose long delay has not run out yet (SQS delays at most 15 minutes a hop) and deletes this
	 * copy; if the re-send fails, this copy stays and comes back after its visibility timeout, until its receive count
	 * reaches the limit: then it fails like any message. A malformed or impossible delivery time is poison.
	 * @return whether the message was dealt with here (deferred, failed or left to come back); its heartbeat is then
	 * stopped or handed on
	 */
	private boolean deferred(org.springframework.messaging.Message<Object> message, Message source,
			VisibilityHeartbeat.@Nullable Beat received) {
		try {
			if (this.delayedDelivery.dueTime(source, this.settings.queue().endsWith(".fifo")) == null) {
				return false;
			}
			String queueUrl = message.getHeaders().get(SqsHeaders.SQS_QUEUE_URL_HEADER, String.class);
			if (queueUrl == null || !this.delayedDelivery.deferIfNotDue(queueUrl, source)) {
				return false;
			}
		}
		catch (PoisonMessageException ex) {
			fail(message, source, received, ex);
			return true;
		}
		catch (RuntimeException ex) {
			if (MessageDecoder.receiveCount(source) >= this.settings.maxReceiveCount()) {
				fail(message, source, received, ex);
				return true;
			}
			logger.warn("Could not re-delay message {} on queue '{}'; it stays and will be tried again",
					source.messageId(), this.settings.queue(), LogSafe.throwable(ex));
			stop(received);
			return true;
		}
		stop(received);
		new Actions(message, source, new VisibilityHeartbeat.Beat()).delete();
		return true;
	}

	private void fail(org.springframework.messaging.Message<Object> message, Message source,
			VisibilityHeartbeat.@Nullable Beat received, Throwable error) {
		Actions actions = new Actions(message, source, (received != null) ? received : startHeartbeat(message, source));
		this.failures.handle(new FailureHandler.Failure(this.settings, source, taskName(source),
				MessageDecoder.receiveCount(source), error), actions);
	}

	/**
	 * Decodes a message of a batch-mode queue once, and says whether a batch handler takes it.
	 */
	private @Nullable BatchItem batchItem(Message source) {
		try {
			TaskMessage task = this.decoder.decode(this.settings.queue(), source);
			TaskDefinition definition = this.dispatcher.handlerOf(task);
			return definition.isBatch() ? new BatchItem(definition, task) : null;
		}
		catch (RuntimeException ex) {
			// Not decodable: the single-message path reports it as the poison message it is.
			return null;
		}
	}

	private void processAtMostOnce(Actions actions) {
		Message source = actions.source;
		actions.delete();
		try {
			this.dispatcher.dispatch(this.decoder.decode(this.settings.queue(), source));
			this.counters.record(this.settings.queue(), taskName(source), TaskOutcome.SUCCEEDED);
		}
		catch (Exception ex) {
			this.counters.record(this.settings.queue(), taskName(source), TaskOutcome.FAILED);
			failedLogger.error("Task '{}' (message {} on queue '{}') failed; the queue deletes on start, so it is not "
					+ "retried: {}. Attributes: {}. Body: {}", LogSafe.name(taskName(source)), source.messageId(),
					this.settings.queue(), FailureHandler.reason(ex), FailureHandler.attributes(source),
					FailureHandler.body(source), LogSafe.throwable(ex));
		}
	}

	private VisibilityHeartbeat.Beat startHeartbeat(org.springframework.messaging.Message<Object> message,
			Message source) {
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		Duration timeout = visibilityTimeout(message);
		if (visibility == null || timeout == null) {
			return new VisibilityHeartbeat.Beat();
		}
		return this.heartbeat.start(visibility::changeToAsync, timeout, this.settings.maxProcessingTime(),
				"message " + source.messageId() + " on queue '" + this.settings.queue() + "'");
	}

	private @Nullable Duration visibilityTimeout(org.springframework.messaging.Message<Object> message) {
		if (this.settings.visibilityTimeout() != null) {
			return this.settings.visibilityTimeout();
		}
		QueueAttributes attributes = message.getHeaders()
			.get(SqsHeaders.SQS_QUEUE_ATTRIBUTES_HEADER, QueueAttributes.class);
		String value = (attributes != null) ? attributes.getQueueAttribute(QueueAttributeName.VISIBILITY_TIMEOUT)
				: null;
		return (value != null) ? Duration.ofSeconds(Long.parseLong(value)) : null;
	}

	private static @Nullable String groupId(Message source) {
		return source.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
	}

	private record BatchItem(TaskDefinition definition, TaskMessage task) {
	}

	private static @Nullable String taskName(Message source) {
		var attribute = source.messageAttributes().get(WireFormat.JOB_NAME);
		return (attribute != null) ? attribute.stringValue() : null;
	}

	private final class Actions implements FailureHandler.MessageActions {

		private final org.springframework.messaging.Message<Object> message;

		private final Message source;

		private final VisibilityHeartbeat.Beat beat;

		private final AtomicBoolean released = new AtomicBoolean();

		Actions(org.springframework.messaging.Message<Object> message, Message source, VisibilityHeartbeat.Beat beat) {
			this.message = message;
			this.source = source;
			this.beat = beat;
			TaskMessageListener.this.queueActivity.started();
		}

		private void release() {
			if (this.released.compareAndSet(false, true)) {
				TaskMessageListener.this.queueActivity.finished();
			}
		}

		/**
		 * Makes a message that was not processed visible again at once, for this or another worker.
		 */
		void giveBack() {
			this.beat.stop();
			if (this.released.compareAndSet(false, true)) {
				TaskMessageListener.this.queueActivity.givenBack();
			}
			TaskMessageListener.release(this.message);
		}

		@Override
		public void delete() {
			TaskMessageListener.this.fifoGroups.release(groupId(this.source), this.source.messageId());
			// The heartbeat runs until the (batched) delete is confirmed, so the message cannot reappear in between.
			String queueUrl = this.message.getHeaders().get(SqsHeaders.SQS_QUEUE_URL_HEADER, String.class);
			TaskMessageListener.this.deleter.delete(queueUrl, this.source.receiptHandle(), this.source.messageId())
				.whenComplete((result, error) -> {
				this.beat.stop();
				release();
				if (error != null) {
					logger.warn("Could not delete message {} on queue '{}'; it will be delivered again", this.source
						.messageId(), TaskMessageListener.this.settings.queue(), error);
				}
			});
		}

		@Override
		public void retryIn(Duration delay) {
			this.beat.stop();
			Duration capped = (delay.compareTo(BackoffPolicy.MAX_DELAY) > 0) ? BackoffPolicy.MAX_DELAY : delay;
			Duration margin = (TaskMessageListener.this.settings.visibilityTimeout() != null)
					? TaskMessageListener.this.settings.visibilityTimeout() : Duration.ofSeconds(30);
			TaskMessageListener.this.fifoGroups.block(groupId(this.source), this.source.messageId(), capped,
					margin.multipliedBy(2));
			Visibility visibility = this.message.getHeaders()
				.get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
			if (visibility == null) {
				release();
				return;
			}
			visibility.changeToAsync((int) FailureHandler.seconds(capped)).whenComplete((result, error) -> {
				release();
				if (error != null) {
					logger.warn("Could not set the retry delay of message {} on queue '{}'; it will come back after "
							+ "its visibility timeout", this.source.messageId(), TaskMessageListener.this.settings
								.queue(), error);
				}
			});
		}

	}

}
