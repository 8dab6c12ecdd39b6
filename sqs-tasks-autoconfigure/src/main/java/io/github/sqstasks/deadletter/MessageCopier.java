package io.github.sqstasks.deadletter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.core.MessageCopy;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.WireFormat;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Moves messages between queues by re-sending them (body and attributes, minus the failure reason) and then
 * deleting the original; for brokers without {@code StartMessageMoveTask}. A crash in between duplicates a message,
 * never loses one.
 */
final class MessageCopier {

	/** The most messages one receive returns. */
	static final int MAX_RECEIVE = 10;

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	MessageCopier(SqsAsyncClient sqs, QueueResolver queues) {
		this.sqs = sqs;
		this.queues = queues;
	}

	long moveAll(String from, String to) {
		String fromUrl = this.queues.url(from);
		long moved = 0;
		List<Message> batch = receive(fromUrl);
		while (!batch.isEmpty()) {
			for (Message message : batch) {
				send(message, to);
				this.sqs.deleteMessage((r) -> r.queueUrl(fromUrl).receiptHandle(message.receiptHandle())).join();
				moved++;
			}
			batch = receive(fromUrl);
		}
		return moved;
	}

	String arn(String queue) {
		String url = this.queues.url(queue);
		return this.sqs.getQueueAttributes((r) -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	/**
	 * Sends a copy of a received message to a queue, without its failure reason.
	 */
	void send(Message message, String to) {
		this.sqs.sendMessage(copy(message, to)).join();
	}

	private SendMessageRequest copy(Message message, String to) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
		attributes.remove(WireFormat.FAILURE_REASON);
		return MessageCopy.to(this.queues, to, message, attributes);
	}

	/**
	 * Receives up to {@value #MAX_RECEIVE} messages at once, without waiting, hidden for a minute while they are
	 * handled.
	 */
	List<Message> receive(String url) {
		return this.sqs
			.receiveMessage((r) -> r.queueUrl(url)
				.maxNumberOfMessages(MAX_RECEIVE)
				.waitTimeSeconds(0)
				.visibilityTimeout(60)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.join()
			.messages();
	}

}
