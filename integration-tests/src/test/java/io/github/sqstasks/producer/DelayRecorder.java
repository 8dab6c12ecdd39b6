package io.github.sqstasks.producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Records the {@code DelaySeconds} of every single send and removes it, so that a test sees each hop of a long delay
 * without waiting for it.
 */
final class DelayRecorder implements ExecutionInterceptor {

	private final List<Integer> delays = new CopyOnWriteArrayList<>();

	@Override
	public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
		if (context.request() instanceof SendMessageRequest) {
			SendMessageRequest request = (SendMessageRequest) context.request();
			this.delays.add((request.delaySeconds() != null) ? request.delaySeconds() : 0);
			return request.toBuilder().delaySeconds(0).build();
		}
		return context.request();
	}

	List<Integer> delays() {
		return this.delays;
	}

	int last() {
		return this.delays.get(this.delays.size() - 1);
	}

}
