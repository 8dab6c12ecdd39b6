package io.github.sqstasks.producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records every request a client makes, so that tests can count them by type.
 */
final class RecordingInterceptor implements ExecutionInterceptor {

	private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		this.requests.add(context.request());
	}

	<T extends SdkRequest> List<T> requests(Class<T> type) {
		return this.requests.stream().filter(type::isInstance).map(type::cast).toList();
	}

	void clear() {
		this.requests.clear();
	}

}
