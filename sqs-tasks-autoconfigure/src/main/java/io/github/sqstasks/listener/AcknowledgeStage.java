package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.sqstasks.retry.BackoffPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Acknowledge: carries a message's outcome to the broker. A delete (batched by the {@link MessageDeleter}), a retry
 * (the message's visibility set to the delay, or, on a FIFO queue, the message held here for its retry), or a
 * give-back (visibility 0). The heartbeat runs until the broker confirmed, so the message cannot reappear in between.
 */
final class AcknowledgeStage {

	/** How long SQS lets a received message stay invisible, counted from its receive. */
	static final Duration MAX_VISIBILITY = Duration.ofHours(12);

	private static final Logger logger = LoggerFactory.getLogger(AcknowledgeStage.class);

	private final QueuePipeline pipeline;

	private final SqsAsyncClient sqs;

	private final MessageDeleter deleter;

	private final QueueActivity activity;

	AcknowledgeStage(QueuePipeline pipeline, SqsAsyncClient sqs, MessageDeleter deleter, QueueActivity activity) {
		this.pipeline = pipeline;
		this.sqs = sqs;
		this.deleter = deleter;
		this.activity = activity;
	}

	/**
	 * The actions on one message that a handler took, for the {@link FailureHandler}.
	 */
	FailureHandler.MessageActions actions(HeldMessage message) {
		return new FailureHandler.MessageActions() {

			@Override
			public void delete() {
				AcknowledgeStage.this.delete(message);
			}

			@Override
			public void retryIn(Duration delay) {
				AcknowledgeStage.this.retryIn(message, delay);
			}

			@Override
			public void retryDeadLetterIn(Duration delay, String reason) {
				// a FIFO message held here comes back to its move, not to another run of its handler
				message.deadLetterPending(reason);
				AcknowledgeStage.this.retryIn(message, delay);
			}

		};
	}

	void delete(HeldMessage message) {
		this.pipeline.released(message);
		Message source = message.message();
		this.deleter.delete(this.pipeline.queueUrl(), source.receiptHandle(), source.messageId())
			.whenComplete((result, error) -> {
				message.beat().stop();
				this.activity.finished();
				if (error != null) {
					logger.warn("Could not delete message {} on queue '{}'; it will be delivered again",
							source.messageId(), this.pipeline.settings().queue(), error);
				}
			});
	}

	/**
	 * Retries a message after a delay (capped at {@link BackoffPolicy#MAX_DELAY}).
	 */
	void retryIn(HeldMessage message, Duration delay) {
		Duration capped = (delay.compareTo(BackoffPolicy.MAX_DELAY) > 0) ? BackoffPolicy.MAX_DELAY : delay;
		if (message.groupId() != null) {
			if (this.pipeline.holdForRetry(message, capped)) {
				message.beat().waiting();
				this.activity.backToHold();
				return;
			}
			// Too long to hold (or stopping): the group's held messages go back too, so that SQS delivers the head
			// first when its delay ends.
			giveBack(this.pipeline.takeGroup(message.groupId()));
		}
		this.pipeline.released(message);
		message.beat().stop();
		Message source = message.message();
		this.sqs.changeMessageVisibility((r) -> r.queueUrl(this.pipeline.queueUrl())
			.receiptHandle(source.receiptHandle())
			.visibilityTimeout((int) FailureHandler.seconds(capped))).whenComplete((result, error) -> {
				this.activity.finished();
				if (error != null) {
					logger.warn("Could not set the retry delay of message {} on queue '{}'; it will come back after "
							+ "its visibility timeout", source.messageId(), this.pipeline.settings().queue(), error);
				}
			});
	}

	/**
	 * Makes held messages visible again at once, unprocessed (a stop, or the max-tasks limit reached).
	 */
	void giveBack(List<HeldMessage> messages) {
		List<Message> sources = new ArrayList<>();
		for (HeldMessage message : messages) {
			message.beat().stop();
			this.pipeline.released(message);
			sources.add(message.message());
		}
		giveBackUnheld(sources);
	}

	/**
	 * Makes messages visible again at once, in batches of 10.
	 */
	void giveBackUnheld(List<Message> messages) {
		for (int from = 0; from < messages.size(); from += 10) {
			List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
			for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
				entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id(Integer.toString(i - from))
					.receiptHandle(messages.get(i).receiptHandle())
					.visibilityTimeout(0)
					.build());
			}
			this.sqs.changeMessageVisibilityBatch((r) -> r.queueUrl(this.pipeline.queueUrl()).entries(entries))
				.whenComplete((result, error) -> logger.debug("Gave back {} unprocessed message(s) on queue '{}'{}",
						entries.size(), this.pipeline.settings().queue(), (error != null) ? ": " + error : ""));
		}
	}

}
