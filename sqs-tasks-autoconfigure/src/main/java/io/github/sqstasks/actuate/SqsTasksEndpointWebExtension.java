package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Answers the {@code sqstasks} endpoint's web requests that fail with a JSON body naming the queue and the problem,
 * and a matching status: 404 for an unknown queue or dead-letter message, 400 for an invalid request, 503 when SQS refuses.
 */
@EndpointWebExtension(endpoint = SqsTasksEndpoint.class)
public class SqsTasksEndpointWebExtension {

	private final SqsTasksEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint it answers for
	 */
	public SqsTasksEndpointWebExtension(SqsTasksEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Reports one queue.
	 * @param queue the queue name without prefix
	 * @return the report, or an error body with status 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> queue(@Selector String queue) {
		return respond(() -> this.endpoint.queue(queue));
	}

	/**
	 * Runs {@code purge} or {@code redrive} on a queue.
	 * @param queue the queue name without prefix
	 * @param action {@code purge} or {@code redrive}
	 * @return the result, or an error body with status 400, 404 or 503
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String queue, @Selector String action) {
		return respond(() -> this.endpoint.operate(queue, action));
	}

	/**
	 * Lists the messages waiting in a queue's dead-letter queue, without consuming them.
	 * @param queue the queue name without prefix
	 * @param view {@code dead-letters}
	 * @param max the most messages to list
	 * @return the messages, or an error body with status 400, 404 or 503
	 */
	@ReadOperation
	public WebEndpointResponse<Object> deadLetters(@Selector String queue, @Selector String view,
			@Nullable Integer max) {
		return respond(() -> this.endpoint.deadLetters(queue, view, max));
	}

	/**
	 * Replays or discards one message of a queue's dead-letter queue.
	 * @param queue the queue name without prefix
	 * @param view {@code dead-letters}
	 * @param messageId the message's id in the dead-letter queue
	 * @param action {@code replay} or {@code discard}
	 * @return the result, or an error body with status 400, 404 or 503
	 */
	@WriteOperation
	public WebEndpointResponse<Object> deadLetter(@Selector String queue, @Selector String view,
			@Selector String messageId, @Selector String action) {
		return respond(() -> this.endpoint.deadLetter(queue, view, messageId, action));
	}

	/**
	 * Waits until queues are empty.
	 * @param action {@code await-empty}
	 * @param timeout the longest wait
	 * @param queues the queues, every known one when unset
	 * @return the counts, with status 200 when the queues are empty and 503 when they were not by the timeout; or an
	 * error body with status 400, 404 or 503
	 */
	@WriteOperation
	public WebEndpointResponse<Object> awaitEmpty(@Selector String action, @Nullable Duration timeout,
			@Nullable List<String> queues) {
		WebEndpointResponse<Object> response = respond(() -> this.endpoint.awaitEmpty(action, timeout, queues));
		if (response.getBody() instanceof EmptyQueuesReport report && !report.empty()) {
			return new WebEndpointResponse<>(report, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		return response;
	}

	private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (SqsTasksEndpointException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("queue", ex.getQueue());
			body.put("error", ex.getReason());
			return new WebEndpointResponse<>(body, status(ex.getKind()));
		}
	}

	private static int status(SqsTasksEndpointException.Kind kind) {
		switch (kind) {
			case UNKNOWN_QUEUE:
			case UNKNOWN_MESSAGE:
				return WebEndpointResponse.STATUS_NOT_FOUND;
			case INVALID_REQUEST:
				return WebEndpointResponse.STATUS_BAD_REQUEST;
			default:
				return WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
		}
	}

}
