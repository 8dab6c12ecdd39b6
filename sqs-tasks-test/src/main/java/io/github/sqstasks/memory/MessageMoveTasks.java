package io.github.sqstasks.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

/**
 * Message move tasks (dead-letter queue redrive): each runs to completion before StartMessageMoveTask returns.
 */
final class MessageMoveTasks {

	private final QueueRegistry registry;

	private final Map<String, Deque<ListMessageMoveTasksResultEntry>> history = new LinkedHashMap<>();

	MessageMoveTasks(QueueRegistry registry) {
		this.registry = registry;
	}

	StartMessageMoveTaskResponse start(StartMessageMoveTaskRequest request) {
		MemoryQueue source = this.registry.requireArn(request.sourceArn(), "SourceArn");
		if (this.registry.deadLetterSources(source).isEmpty()) {
			throw SqsErrors.invalidParameter("Source queue " + source.name + " must be configured as a dead-letter "
					+ "queue of another queue.");
		}
		MemoryQueue destination = request.destinationArn() == null ? null
				: this.registry.requireArn(request.destinationArn(), "DestinationArn");
		long started = source.now();
		List<StoredMessage> moving = QueueInspector.drainVisible(source);
		Map<MemoryQueue, List<StoredMessage>> byTarget = new LinkedHashMap<>();
		for (StoredMessage message : moving) {
			MemoryQueue target = (destination != null) ? destination : originOf(message, source);
			byTarget.computeIfAbsent(target, key -> new ArrayList<>()).add(message);
		}
		byTarget.forEach((target, messages) -> target.accept(messages, null, false));
		String handle = UUID.randomUUID().toString();
		record(source, ListMessageMoveTasksResultEntry.builder()
			.taskHandle(handle)
			.status("COMPLETED")
			.sourceArn(source.arn)
			.destinationArn(request.destinationArn())
			.maxNumberOfMessagesPerSecond(request.maxNumberOfMessagesPerSecond())
			.approximateNumberOfMessagesMoved((long) moving.size())
			.approximateNumberOfMessagesToMove((long) moving.size())
			.startedTimestamp(started)
			.build());
		return StartMessageMoveTaskResponse.builder().taskHandle(handle).build();
	}

	private MemoryQueue originOf(StoredMessage message, MemoryQueue fallback) {
		MemoryQueue origin = message.deadLetterSourceArn == null ? null
				: this.registry.byArn(message.deadLetterSourceArn);
		return origin == null ? fallback : origin;
	}

	private synchronized void record(MemoryQueue source, ListMessageMoveTasksResultEntry entry) {
		this.history.computeIfAbsent(source.arn, key -> new ArrayDeque<>()).addFirst(entry);
	}

	synchronized ListMessageMoveTasksResponse list(ListMessageMoveTasksRequest request) {
		MemoryQueue source = this.registry.requireArn(request.sourceArn(), "SourceArn");
		int max = request.maxResults() == null ? 1 : Limits.checkRange("MaxResults", request.maxResults(), 1, 10);
		List<ListMessageMoveTasksResultEntry> entries = new ArrayList<>();
		for (ListMessageMoveTasksResultEntry entry : this.history.getOrDefault(source.arn, new ArrayDeque<>())) {
			if (entries.size() == max) {
				break;
			}
			entries.add(entry);
		}
		return ListMessageMoveTasksResponse.builder().results(entries).build();
	}

	/** Every task has finished by the time its handle is known, so there is never one to cancel. */
	static RuntimeException cannotCancel(@Nullable String taskHandle) {
		return SqsErrors.resourceNotFound("Task " + taskHandle + " does not exist or has already completed; "
				+ "in-memory message move tasks complete synchronously.");
	}

}
