package io.github.sqstasks.benchmarks;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The hand-written baseline: threads that each loop ReceiveMessage (10 messages, 1 s wait) and DeleteMessageBatch.
 */
public final class RawSdkConsumer implements Consumer {

	private final SqsAsyncClient sqs;

	private final String queueUrl;

	private final Probe probe;

	private final int threads;

	private final List<Thread> workers = new ArrayList<>();

	private final boolean systemAttributes;

	private volatile boolean running;

	/**
	 * Creates the consumer, stopped.
	 * @param sqs the client
	 * @param queueUrl the queue to drain
	 * @param probe notified of each message
	 * @param threads how many receiving threads
	 */
	public RawSdkConsumer(SqsAsyncClient sqs, String queueUrl, Probe probe, int threads) {
		this(sqs, queueUrl, probe, threads, false);
	}

	/**
	 * Creates the consumer, stopped.
	 * @param sqs the client
	 * @param queueUrl the queue to drain
	 * @param probe notified of each message
	 * @param threads how many receiving threads
	 * @param systemAttributes whether to ask for all system attributes too, as sqs-tasks does
	 */
	public RawSdkConsumer(SqsAsyncClient sqs, String queueUrl, Probe probe, int threads, boolean systemAttributes) {
		this.sqs = sqs;
		this.queueUrl = queueUrl;
		this.probe = probe;
		this.threads = threads;
		this.systemAttributes = systemAttributes;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.threads; i++) {
			Thread worker = new Thread(this::loop, "raw-sdk-" + i);
			worker.start();
			this.workers.add(worker);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		for (Thread worker : this.workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.workers.clear();
	}

	private void loop() {
		while (this.running) {
			ReceiveMessageResponse response = this.sqs
				.receiveMessage((request) -> request.queueUrl(this.queueUrl)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.messageAttributeNames("All")
					.messageSystemAttributeNames(this.systemAttributes ? List.of(MessageSystemAttributeName.ALL)
							: List.of()))
				.join();
			if (!response.hasMessages() || response.messages().isEmpty()) {
				continue;
			}
			List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>(response.messages().size());
			for (Message message : response.messages()) {
				this.probe.startedBody(message.body());
				deletes.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(deletes.size()))
					.receiptHandle(message.receiptHandle())
					.build());
			}
			this.sqs.deleteMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(deletes)).join();
		}
	}

}
