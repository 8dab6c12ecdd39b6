package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;

import org.springframework.stereotype.Component;

/**
 * An interceptor of the application: notes the queue and task of each message before its handler runs.
 */
@Component
class TaskJournal implements TaskInterceptor {

	final List<String> seen = new CopyOnWriteArrayList<>();

	@Override
	public void beforeTask(TaskMessage message) {
		this.seen.add(message.queue() + "/" + message.taskName());
	}

}
