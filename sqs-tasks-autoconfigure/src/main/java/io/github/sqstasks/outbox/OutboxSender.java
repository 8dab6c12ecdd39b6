package io.github.sqstasks.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import io.github.sqstasks.core.QueueResolver;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends one queue's outbox rows in insertion order as {@code SendMessageBatch} requests of at most ten entries and
 * 1 MiB; after the first request that fails, the queue's later rows wait for the next pass, so that order holds.
 */
final class OutboxSender {

	private static final int MAX_ENTRIES = 10;

	private static final int MAX_BATCH_BYTES = 1024 * 1024;

	private final SqsAsyncClient sqs;

	private final QueueResolver queues;

	OutboxSender(SqsAsyncClient sqs, QueueResolver queues) {
		this.sqs = sqs;
		this.queues = queues;
	}

	Result send(String queue, List<OutboxRow> rows, Instant now) {
		List<Long> sent = new ArrayList<>();
		String url;
		try {
			url = this.queues.url(queue);
		}
		catch (RuntimeException ex) {
			return Result.failed(sent, rows, 0, rows.get(0), ex);
		}
		int start = 0;
		while (start < rows.size()) {
			int end = start;
			int bytes = 0;
			while (end < rows.size() && end - start < MAX_ENTRIES
					&& (end == start || bytes + rows.get(end).size() <= MAX_BATCH_BYTES)) {
				bytes += rows.get(end).size();
				end++;
			}
			List<OutboxRow> chunk = rows.subList(start, end);
			SendMessageBatchResponse response;
			try {
				response = this.sqs.sendMessageBatch((request) -> request.queueUrl(url).entries(entries(chunk, now)))
					.join();
			}
			catch (CompletionException ex) {
				return Result.failed(sent, rows, start, chunk.get(0), (ex.getCause() != null) ? ex.getCause() : ex);
			}
			if (!response.failed().isEmpty()) {
				Set<Long> refused = new HashSet<>();
				for (BatchResultErrorEntry error : response.failed()) {
					refused.add(chunk.get(Integer.parseInt(error.id())).id());
				}
				chunk.stream().map(OutboxRow::id).filter((id) -> !refused.contains(id)).forEach(sent::add);
				BatchResultErrorEntry first = response.failed().get(0);
				List<Long> notSent = new ArrayList<>(refused);
				rows.subList(end, rows.size()).forEach((row) -> notSent.add(row.id()));
				return new Result(sent, notSent, chunk.get(Integer.parseInt(first.id())).what(),
						first.code() + " (" + first.message() + ")");
			}
			chunk.forEach((row) -> sent.add(row.id()));
			start = end;
		}
		return new Result(sent, List.of(), null, null);
	}

	private static List<SendMessageBatchRequestEntry> entries(List<OutboxRow> rows, Instant now) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			OutboxRow row = rows.get(i);
			SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.messageBody(row.body())
				.messageAttributes(attributes(row.attributes()))
				.messageGroupId(row.groupId())
				.messageDeduplicationId(row.deduplicationId());
			if (row.delaySeconds() > 0) {
				// The delay counts from when the job was added, not from when the relay got to it.
				long spent = Duration.between(row.createdAt(), now).toSeconds();
				entry.delaySeconds((int) Math.max(0, row.delaySeconds() - Math.max(0, spent)));
			}
			entries.add(entry.build());
		}
		return entries;
	}

	private static Map<String, MessageAttributeValue> attributes(Map<String, String> values) {
		Map<String, MessageAttributeValue> attributes = new java.util.LinkedHashMap<>();
		values.forEach((name, value) -> attributes.put(name,
				MessageAttributeValue.builder().dataType(OutboxTable.STRING_TYPE).stringValue(value).build()));
		return attributes;
	}

	/**
	 * What happened to one queue's rows.
	 *
	 * @param sent the ids of rows SQS accepted
	 * @param notSent the ids of rows to send again later
	 * @param firstFailed the first row that failed, described
	 * @param error why it failed
	 */
	record Result(List<Long> sent, List<Long> notSent, @Nullable String firstFailed, @Nullable String error) {

		static Result failed(List<Long> sent, List<OutboxRow> rows, int from, OutboxRow first, Throwable cause) {
			List<Long> notSent = rows.subList(from, rows.size()).stream().map(OutboxRow::id).toList();
			return new Result(sent, notSent, first.what(), cause.getClass().getSimpleName() + " ("
					+ cause.getMessage() + ")");
		}

	}

}
