package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.annotation.SqsTaskQueue;

import org.springframework.stereotype.Component;

/**
 * A handler class that names its queue with {@code @SqsTaskQueue}.
 */
@Component
@SqsTaskQueue("audit")
class AuditTasks {

	final List<String> events = new CopyOnWriteArrayList<>();

	@SqsTask
	void record(String event) {
		this.events.add(event);
	}

}
