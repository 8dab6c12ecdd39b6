package io.github.sqstasks.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs of one open batch on one thread, per queue; sends a queue's jobs as soon as they fill a request, and the
 * rest on {@link #flush()}.
 */
final class BatchBuffer {

	private final BatchSender sender;

	private final Map<String, List<PreparedMessage>> pending = new LinkedHashMap<>();

	private final Map<String, Integer> pendingBytes = new LinkedHashMap<>();

	private final List<BatchSender.Failed> failures = new ArrayList<>();

	private int sent;

	BatchBuffer(BatchSender sender) {
		this.sender = sender;
	}

	/**
	 * Adds a job; sends the queue's pending jobs first when this one would not fit in the same request, and after
	 * when the request is full.
	 * @param message the job
	 */
	void add(PreparedMessage message) {
		String queue = message.queue();
		int bytes = this.pendingBytes.getOrDefault(queue, 0);
		if (bytes > 0 && bytes + message.size() > BatchSender.MAX_BATCH_BYTES) {
			send(queue);
			bytes = 0;
		}
		List<PreparedMessage> messages = this.pending.computeIfAbsent(queue, (name) -> new ArrayList<>());
		messages.add(message);
		this.pendingBytes.put(queue, bytes + message.size());
		if (messages.size() == BatchSender.MAX_ENTRIES) {
			send(queue);
		}
	}

	/**
	 * Sends every pending job.
	 * @throws BatchSendException when any job of the batch, sent now or earlier, was not accepted
	 */
	void flush() {
		for (String queue : new ArrayList<>(this.pending.keySet())) {
			send(queue);
		}
		if (!this.failures.isEmpty()) {
			throw new BatchSendException(this.failures.stream().map(BatchSender.Failed::entry).toList(), this.sent);
		}
	}

	/**
	 * Returns the jobs that were not sent so far, with why, in the order they failed.
	 * @return the failed jobs
	 */
	List<BatchSender.Failed> failures() {
		return List.copyOf(this.failures);
	}

	private void send(String queue) {
		List<PreparedMessage> messages = this.pending.remove(queue);
		this.pendingBytes.remove(queue);
		if (messages == null || messages.isEmpty()) {
			return;
		}
		List<BatchSender.Failed> failed = this.sender.sendReporting(messages);
		this.failures.addAll(failed);
		this.sent += messages.size() - failed.size();
	}

}
