package io.github.sqstasks.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * A validated ReceiveMessage request.
 * @param maxMessages how many messages to return at most
 * @param visibilitySeconds the visibility timeout for the returned messages
 * @param waitSeconds how long to wait for a first message
 * @param systemAttributeNames the system attributes asked for ({@code All} for every one)
 * @param messageAttributeNames the message attributes asked for ({@code All}, {@code .*}, {@code prefix.*}, names)
 */
record ReceiveParams(int maxMessages, int visibilitySeconds, int waitSeconds, Set<String> systemAttributeNames,
		List<String> messageAttributeNames) {

	// Older clients still ask for system attributes through the deprecated AttributeNames parameter.
	@SuppressWarnings("deprecation")
	static ReceiveParams of(ReceiveMessageRequest request, QueueSettings settings) {
		int max = request.maxNumberOfMessages() == null ? 1 : request.maxNumberOfMessages();
		Limits.checkRange("MaxNumberOfMessages", max, 1, Limits.MAX_RECEIVE);
		int visibility = request.visibilityTimeout() == null ? settings.visibilityTimeout()
				: Limits.checkRange("VisibilityTimeout", request.visibilityTimeout(), 0, Limits.MAX_VISIBILITY_SECONDS);
		int wait = request.waitTimeSeconds() == null ? settings.receiveWaitSeconds()
				: Limits.checkRange("WaitTimeSeconds", request.waitTimeSeconds(), 0, Limits.MAX_WAIT_SECONDS);
		Set<String> system = new LinkedHashSet<>(request.messageSystemAttributeNamesAsStrings());
		system.addAll(request.attributeNamesAsStrings());
		return new ReceiveParams(max, visibility, wait, Set.copyOf(system),
				List.copyOf(request.messageAttributeNames()));
	}

	boolean wantsSystemAttribute(String name) {
		return this.systemAttributeNames.contains("All") || this.systemAttributeNames.contains(name);
	}

	boolean wantsMessageAttribute(String name) {
		for (String wanted : this.messageAttributeNames) {
			if (wanted.equals("All") || wanted.equals(".*") || wanted.equals(name)
					|| (wanted.endsWith(".*") && name.startsWith(wanted.substring(0, wanted.length() - 1)))) {
				return true;
			}
		}
		return false;
	}

}
