package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsRawTask;

import org.springframework.stereotype.Component;

/**
 * A handler found by its {@code @SqsRawTask} method.
 */
@Component
class FeedTasks {

	final List<String> bodies = new CopyOnWriteArrayList<>();

	@SqsRawTask(queue = "feed")
	void receive(String body) {
		this.bodies.add(body);
	}

}
