package io.github.sqstasks.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Builds, sends and clears benchmark messages in sqs-tasks' wire format: body {@code {"n":123}} and the string
 * attributes {@code JobName}, {@code ContentType=json} and {@code JobContext={}}.
 */
public final class Messages {

	private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of("JobName",
			string(SqsTasksApplication.TASK), "ContentType", string("json"), "JobContext", string("{}"));

	private static final Map<String, MessageAttributeValue> LARGE_ATTRIBUTES = Map.of("JobName",
			string(SqsTasksApplication.LARGE_TASK), "ContentType", string("json"), "JobContext", string("{}"));

	private Messages() {
	}

	/**
	 * Returns the body of message {@code n}.
	 * @param n the message number
	 * @return the JSON body
	 */
	public static String body(int n) {
		return "{\"n\":" + n + "}";
	}

	/**
	 * Returns the body of large message {@code n}: {@code {"n":123,"pad":"xxx..."}}, padded so that body and
	 * attributes (task {@code large}) come to exactly {@code size} bytes, the size SQS counts.
	 * @param n the message number
	 * @param size the message size in bytes
	 * @return the JSON body
	 */
	public static String largeBody(int n, int size) {
		String head = "{\"n\":" + n + ",\"pad\":\"";
		int pad = size - attributeBytes(LARGE_ATTRIBUTES) - head.length() - 2;
		return head + "x".repeat(pad) + "\"}";
	}

	/**
	 * Sends large messages 0 to count-1 one SendMessage each (a batch is limited to the size of one message), 16 in
	 * flight.
	 * @param sqs the client
	 * @param queueUrl the queue
	 * @param count how many messages
	 * @param size each message's size in bytes, attributes included
	 * @throws InterruptedException when interrupted
	 */
	public static void presendLarge(SqsAsyncClient sqs, String queueUrl, int count, int size)
			throws InterruptedException {
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			String body = largeBody(n, size);
			inFlight.acquire();
			sent.add(sqs
				.sendMessage((request) -> request.queueUrl(queueUrl).messageBody(body).messageAttributes(LARGE_ATTRIBUTES))
				.whenComplete((response, error) -> inFlight.release()));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
	}

	private static int attributeBytes(Map<String, MessageAttributeValue> attributes) {
		int bytes = 0;
		for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
			bytes += attribute.getKey().length() + attribute.getValue().dataType().length()
					+ attribute.getValue().stringValue().length();
		}
		return bytes;
	}

	/**
	 * Sends one message with one SendMessage request, as a producer without batching does.
	 * @param sqs the client
	 * @param queueUrl the queue
	 * @param n the message number
	 */
	public static void sendOne(SqsAsyncClient sqs, String queueUrl, int n) {
		sqs.sendMessage((request) -> request.queueUrl(queueUrl).messageBody(body(n)).messageAttributes(ATTRIBUTES))
			.join();
	}

	/**
	 * Sends messages with one request: SendMessage for one, SendMessageBatch for up to 10.
	 * @param sqs the client
	 * @param queueUrl the queue
	 * @param numbers the message numbers
	 */
	public static void send(SqsAsyncClient sqs, String queueUrl, List<Integer> numbers) {
		if (numbers.size() == 1) {
			sendOne(sqs, queueUrl, numbers.get(0));
			return;
		}
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(numbers.size());
		for (int n : numbers) {
			entries.add(SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(entries.size()))
				.messageBody(body(n))
				.messageAttributes(ATTRIBUTES)
				.build());
		}
		sqs.sendMessageBatch((request) -> request.queueUrl(queueUrl).entries(entries)).join();
	}

	/**
	 * Sends messages 0 to count-1 as SendMessageBatch requests of 10, 16 in flight.
	 * @param sqs the client
	 * @param queueUrl the queue
	 * @param count how many messages
	 * @throws InterruptedException when interrupted
	 */
	public static void presend(SqsAsyncClient sqs, String queueUrl, int count) throws InterruptedException {
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int start = 0; start < count; start += 10) {
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
			for (int n = start; n < Math.min(count, start + 10); n++) {
				entries.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(n - start))
					.messageBody(body(n))
					.messageAttributes(ATTRIBUTES)
					.build());
			}
			inFlight.acquire();
			sent.add(sqs.sendMessageBatch((request) -> request.queueUrl(queueUrl).entries(entries))
				.whenComplete((response, error) -> inFlight.release()));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Empties the queue by receiving and deleting what is left (PurgeQueue is limited to once a minute on SQS and on
	 * the in-memory SQS), then waits until no message is in flight either.
	 * @param sqs the client
	 * @param queueUrl the queue
	 * @param timeout how long to wait for the counts to reach zero
	 * @throws InterruptedException when interrupted
	 */
	public static void clear(SqsAsyncClient sqs, String queueUrl, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && pending(sqs, queueUrl) > 0) {
			List<Message> left = sqs
				.receiveMessage((request) -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
				.join()
				.messages();
			if (left.isEmpty()) {
				Thread.sleep(50);
				continue;
			}
			List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
			for (Message message : left) {
				deletes.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(deletes.size()))
					.receiptHandle(message.receiptHandle())
					.build());
			}
			sqs.deleteMessageBatch((request) -> request.queueUrl(queueUrl).entries(deletes)).join();
		}
	}

	private static long pending(SqsAsyncClient sqs, String queueUrl) {
		Map<QueueAttributeName, String> attributes = sqs
			.getQueueAttributes((request) -> request.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		return attributes.values().stream().mapToLong(Long::parseLong).sum();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
