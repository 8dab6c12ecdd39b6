package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.PoisonMessageException;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.producer.DelayedDelivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Outcome: runs a message's handler and decides what becomes of the message. Success deletes it; a failure goes to
 * the {@link FailureHandler} (retry, dead-letter, or log and drop); a message whose long delay has not run out is
 * re-sent with the rest of its delay (SQS delays at most 15 minutes a hop); a queue that deletes on start deletes
 * first and never retries. A {@code RetryLater} is not an error, and a message is deleted only after its handler
 * returned.
 */
final class OutcomeStage {

	private static final Logger logger = LoggerFactory.getLogger(OutcomeStage.class);

	private static final Logger failedLogger = LoggerFactory.getLogger(FailureHandler.FAILED_LOGGER);

	private final QueuePipeline pipeline;

	private final AcknowledgeStage acknowledge;

	private final Shared shared;

	private final QueueSettings settings;

	OutcomeStage(QueuePipeline pipeline, AcknowledgeStage acknowledge, Shared shared) {
		this.pipeline = pipeline;
		this.acknowledge = acknowledge;
		this.shared = shared;
		this.settings = pipeline.settings();
	}

	/**
	 * Handles one message on the calling (handler) thread.
	 */
	void process(HeldMessage held) {
		held.beat().handlerStarted();
		String deadLetterReason = held.deadLetterReason();
		if (deadLetterReason != null) {
			Message source = held.message();
			this.shared.failures().deadLetterAgain(new FailureHandler.Failure(this.settings, source, taskName(source),
					held.attempt(), new IllegalStateException(deadLetterReason)), this.acknowledge.actions(held),
					deadLetterReason);
			return;
		}
		if (deferred(held)) {
			return;
		}
		if (this.settings.deleteOnStart()) {
			processAtMostOnce(held);
			return;
		}
		Message source = held.message();
		try {
			TaskMessage task = this.shared.decoder().decode(this.settings.queue(), source);
			dispatch(task, source);
			logger.debug("Task '{}' (message {} on queue '{}') succeeded", LogSafe.name(task.taskName()),
					source.messageId(), this.settings.queue());
			this.shared.counters().record(this.settings.queue(), task.taskName(), TaskOutcome.SUCCEEDED);
			this.acknowledge.delete(held);
		}
		catch (VirtualMachineError error) {
			abandon(held);
			throw error;
		}
		catch (Throwable error) {
			fail(held, taskName(source), error);
		}
	}

	/**
	 * Runs the handler, within its time limit if it has one.
	 */
	private void dispatch(TaskMessage task, Message source) throws Exception {
		Duration limit = limitOf(task);
		if (limit == null) {
			this.shared.dispatcher().dispatch(task);
			return;
		}
		String description = "Task '" + LogSafe.name(task.taskName()) + "' (message " + source.messageId()
				+ " on queue '" + this.settings.queue() + "')";
		try (TimeLimit.Watch watch = this.shared.timeLimit().start(limit, description)) {
			try {
				this.shared.dispatcher().dispatch(task);
			}
			catch (Exception | Error ex) {
				if (watch.fired() && !(ex instanceof VirtualMachineError)) {
					throw watch.failure(ex);
				}
				throw ex;
			}
			if (watch.fired()) {
				logger.warn("{} returned normally after its task-timeout of {} (it did not stop when interrupted); "
						+ "counted as succeeded", description, limit);
			}
		}
	}

	private @Nullable Duration limitOf(TaskMessage task) {
		if (this.settings.taskTimeout() == null && !this.shared.timeLimit().hasAnnotatedLimits()) {
			return null;
		}
		try {
			return this.shared.timeLimit().of(this.shared.dispatcher().handlerOf(task), this.settings);
		}
		catch (RuntimeException ex) {
			// no handler: dispatching reports it
			return null;
		}
	}

	/**
	 * Handles the messages of a batch-mode queue handed over together: those of batch handlers in one call per
	 * handler, the others one by one.
	 */
	void processBatch(List<HeldMessage> unit) {
		Map<TaskDefinition, List<TaskMessage>> batches = new LinkedHashMap<>();
		Map<String, HeldMessage> byId = new HashMap<>();
		for (HeldMessage held : unit) {
			BatchItem item = this.settings.deleteOnStart() ? null : batchItem(held.message());
			if (item == null) {
				process(held);
				continue;
			}
			held.beat().handlerStarted();
			if (deferred(held)) {
				continue;
			}
			byId.put(held.messageId(), held);
			batches.computeIfAbsent(item.definition(), (key) -> new ArrayList<>()).add(item.task());
		}
		batches.forEach((definition, tasks) -> this.shared.batches().process(definition, tasks,
				new BatchProcessor.Outcome() {

					@Override
					public void succeeded(TaskMessage task) {
						OutcomeStage.this.shared.counters().record(OutcomeStage.this.settings.queue(),
								task.taskName(), TaskOutcome.SUCCEEDED);
						OutcomeStage.this.acknowledge.delete(byId.get(task.messageId()));
					}

					@Override
					public void failed(TaskMessage task, Throwable error) {
						fail(byId.get(task.messageId()), task.taskName(), error);
					}

				}));
	}

	private void fail(HeldMessage held, @Nullable String taskName, Throwable error) {
		this.shared.failures().handle(new FailureHandler.Failure(this.settings, held.message(), taskName,
				held.attempt(), error), this.acknowledge.actions(held));
	}

	/** A VirtualMachineError: the message is left to come back after its visibility timeout. */
	private void abandon(HeldMessage held) {
		held.beat().stop();
		this.pipeline.released(held);
		this.pipeline.activity().givenBack();
	}

	/**
	 * Re-sends a message whose long delay has not run out and deletes this copy. If the re-send fails, this copy
	 * comes back after its visibility timeout, until its attempts reach the limit: then it fails like any message.
	 * A malformed or impossible delivery time is poison.
	 * @return whether the message was dealt with here
	 */
	private boolean deferred(HeldMessage held) {
		Message source = held.message();
		DelayedDelivery delays = this.shared.delayedDelivery();
		try {
			if (delays.dueTime(source, this.settings.queue().endsWith(".fifo")) == null
					|| !delays.deferIfNotDue(this.pipeline.queueUrl(), source)) {
				return false;
			}
		}
		catch (PoisonMessageException ex) {
			fail(held, taskName(source), ex);
			return true;
		}
		catch (RuntimeException ex) {
			if (held.attempt() >= this.settings.maxReceiveCount()) {
				fail(held, taskName(source), ex);
				return true;
			}
			logger.warn("Could not re-delay message {} on queue '{}'; it stays and will be tried again",
					source.messageId(), this.settings.queue(), LogSafe.throwable(ex));
			abandon(held);
			return true;
		}
		this.acknowledge.delete(held);
		return true;
	}

	/**
	 * Decodes a message of a batch-mode queue once, and says whether a batch handler takes it.
	 */
	private @Nullable BatchItem batchItem(Message source) {
		try {
			TaskMessage task = this.shared.decoder().decode(this.settings.queue(), source);
			TaskDefinition definition = this.shared.dispatcher().handlerOf(task);
			return definition.isBatch() ? new BatchItem(definition, task) : null;
		}
		catch (RuntimeException ex) {
			// Not decodable: the single-message path reports it as the poison message it is.
			return null;
		}
	}

	private void processAtMostOnce(HeldMessage held) {
		Message source = held.message();
		this.acknowledge.delete(held);
		try {
			this.shared.dispatcher().dispatch(this.shared.decoder().decode(this.settings.queue(), source));
			this.shared.counters().record(this.settings.queue(), taskName(source), TaskOutcome.SUCCEEDED);
		}
		catch (Exception ex) {
			this.shared.counters().record(this.settings.queue(), taskName(source), TaskOutcome.FAILED);
			failedLogger.error("Task '{}' (message {} on queue '{}') failed; the queue deletes on start, so it is not "
					+ "retried: {}. Attributes: {}. Body: {}", LogSafe.name(taskName(source)), source.messageId(),
					this.settings.queue(), FailureHandler.reason(ex), FailureHandler.attributes(source),
					FailureHandler.body(source), LogSafe.throwable(ex));
		}
	}

	private static @Nullable String taskName(Message source) {
		var attribute = source.messageAttributes().get(WireFormat.JOB_NAME);
		return (attribute != null) ? attribute.stringValue() : null;
	}

	private record BatchItem(TaskDefinition definition, TaskMessage task) {
	}

	/**
	 * What the outcome stages of every queue share.
	 */
	record Shared(MessageDecoder decoder, TaskDispatcher dispatcher, FailureHandler failures, BatchProcessor batches,
			DelayedDelivery delayedDelivery, TaskCounters counters, TimeLimit timeLimit) {
	}

}
