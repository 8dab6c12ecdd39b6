package io.github.sqstasks.listener;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.Acknowledgement;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.retry.BackoffPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS listener of one queue: decodes each message, runs its handler, then acknowledges (deletes) it or
 * hands the failure to the {@link FailureHandler}.
 *
 * <p>The container runs in manual acknowledgement mode so that outcomes, and their logging, are ours: a
 * {@code RetryLater} is not an error, and a message is deleted only after its handler returned.
 */
final class TaskMessageListener implements MessageListener<Object> {

	private static final Logger logger = LoggerFactory.getLogger(TaskMessageListener.class);

	private final QueueSettings settings;

	private final MessageDecoder decoder;

	private final TaskDispatcher dispatcher;

	private final FailureHandler failures;

	TaskMessageListener(QueueSettings settings, MessageDecoder decoder, TaskDispatcher dispatcher,
			FailureHandler failures) {
		this.settings = settings;
		this.decoder = decoder;
		this.dispatcher = dispatcher;
		this.failures = failures;
	}

	@Override
	public void onMessage(org.springframework.messaging.Message<Object> message) {
		Message source = message.getHeaders().get(SqsHeaders.SQS_SOURCE_DATA_HEADER, Message.class);
		if (source == null) {
			throw new IllegalStateException("Spring Cloud AWS passed a message without its SQS source data");
		}
		FailureHandler.MessageActions actions = new Actions(message, source);
		try {
			TaskMessage task = this.decoder.decode(this.settings.queue(), source);
			this.dispatcher.dispatch(task);
			logger.debug("Task '{}' (message {} on queue '{}') succeeded", task.taskName(), source.messageId(),
					this.settings.queue());
			actions.delete();
		}
		catch (VirtualMachineError error) {
			throw error;
		}
		catch (Throwable error) {
			this.failures.handle(new FailureHandler.Failure(this.settings, source, taskName(source),
					MessageDecoder.receiveCount(source), error), actions);
		}
	}

	private static @Nullable String taskName(Message source) {
		var attribute = source.messageAttributes().get(WireFormat.JOB_NAME);
		return (attribute != null) ? attribute.stringValue() : null;
	}

	private final class Actions implements FailureHandler.MessageActions {

		private final org.springframework.messaging.Message<Object> message;

		private final Message source;

		Actions(org.springframework.messaging.Message<Object> message, Message source) {
			this.message = message;
			this.source = source;
		}

		@Override
		public void delete() {
			Acknowledgement.acknowledgeAsync(this.message).whenComplete((result, error) -> {
				if (error != null) {
					logger.warn("Could not delete message {} on queue '{}'; it will be delivered again", this.source
						.messageId(), TaskMessageListener.this.settings.queue(), error);
				}
			});
		}

		@Override
		public void retryIn(Duration delay) {
			Duration capped = (delay.compareTo(BackoffPolicy.MAX_DELAY) > 0) ? BackoffPolicy.MAX_DELAY : delay;
			Visibility visibility = this.message.getHeaders()
				.get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
			if (visibility == null) {
				return;
			}
			visibility.changeToAsync((int) FailureHandler.seconds(capped)).whenComplete((result, error) -> {
				if (error != null) {
					logger.warn("Could not set the retry delay of message {} on queue '{}'; it will come back after "
							+ "its visibility timeout", this.source.messageId(), TaskMessageListener.this.settings
								.queue(), error);
				}
			});
		}

	}

}
