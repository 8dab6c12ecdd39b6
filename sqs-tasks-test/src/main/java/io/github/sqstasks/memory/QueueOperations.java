package io.github.sqstasks.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;

/**
 * The queue-level operations: creating, finding, listing, describing and configuring queues.
 */
final class QueueOperations {

	private static final Set<String> COMPUTED = Set.of("ApproximateNumberOfMessages",
			"ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
			"LastModifiedTimestamp", "QueueArn", "FifoQueue");

	private static final Set<String> KNOWN = Set.of("Policy", "VisibilityTimeout", "MaximumMessageSize",
			"MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy",
			"RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
			"ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

	private QueueOperations() {
	}

	static CreateQueueResponse create(QueueRegistry registry, CreateQueueRequest request) {
		MemoryQueue queue = registry.create(request.queueName(), request.attributesAsStrings());
		return CreateQueueResponse.builder().queueUrl(queue.url).build();
	}

	static ListQueuesResponse list(QueueRegistry registry, ListQueuesRequest request) {
		int max = request.maxResults() == null ? 1000 : Limits.checkRange("MaxResults", request.maxResults(), 1, 1000);
		List<String> urls = new ArrayList<>();
		for (MemoryQueue queue : registry.list(request.queueNamePrefix())) {
			if (urls.size() == max) {
				break;
			}
			urls.add(queue.url);
		}
		return ListQueuesResponse.builder().queueUrls(urls).build();
	}

	static GetQueueAttributesResponse attributes(QueueRegistry registry, GetQueueAttributesRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		List<String> names = request.attributeNamesAsStrings();
		for (String name : names) {
			if (!name.equals("All") && !COMPUTED.contains(name) && !KNOWN.contains(name)) {
				throw SqsErrors.invalidAttributeName(name);
			}
		}
		Map<String, String> all = allAttributes(queue);
		Map<String, String> selected = new LinkedHashMap<>();
		all.forEach((name, value) -> {
			if (names.contains("All") || names.contains(name)) {
				selected.put(name, value);
			}
		});
		return GetQueueAttributesResponse.builder().attributesWithStrings(selected).build();
	}

	private static Map<String, String> allAttributes(MemoryQueue queue) {
		QueueSettings settings = queue.settings();
		Map<String, String> all = new LinkedHashMap<>(settings.values());
		all.putAll(QueueInspector.counts(queue));
		all.put("CreatedTimestamp", Long.toString(queue.createdMillis / 1000));
		all.put("LastModifiedTimestamp", Long.toString(queue.lastModifiedMillis() / 1000));
		all.put("QueueArn", queue.arn);
		return all;
	}

	static void setAttributes(QueueRegistry registry, SetQueueAttributesRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		Map<String, String> changes = request.attributesAsStrings();
		if (changes.containsKey("FifoQueue")) {
			throw SqsErrors.invalidAttributeName("FifoQueue");
		}
		QueueSettings checked = queue.settings().with(changes);
		// Checked outside the queue's lock: the check locks the dead-letter queue, which may redrive back here.
		registry.checkDeadLetterTarget(checked, checked.fifo());
		synchronized (queue) {
			queue.updateSettings(queue.settings().with(changes));
		}
	}

	static ListDeadLetterSourceQueuesResponse deadLetterSources(QueueRegistry registry,
			ListDeadLetterSourceQueuesRequest request) {
		MemoryQueue queue = registry.get(request.queueUrl());
		List<String> urls = new ArrayList<>();
		for (MemoryQueue source : registry.deadLetterSources(queue)) {
			urls.add(source.url);
		}
		return ListDeadLetterSourceQueuesResponse.builder().queueUrls(urls).build();
	}

}
