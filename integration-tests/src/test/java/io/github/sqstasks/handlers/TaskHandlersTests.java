package io.github.sqstasks.handlers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Handlers registered in code while the application starts get their queues consumed like annotated ones; a new
 * queue after the listener started is refused with a message saying when to register.
 */
@SqsTaskTest(tasks = TaskHandlersTests.Plugins.class)
class TaskHandlersTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Plugins plugins;

	@Autowired
	TaskHandlers handlers;

	@Test
	void functionAndMethodHandlersRegisteredAtStartUpRunOnTheirOwnQueue() {
		this.tasks.addJob("plugins", "greet", Map.of("name", "Ada", "times", 2));
		this.tasks.addJob("plugins", "shout", Map.of("text", "hi"));
		this.sqs.processUntilIdle();

		assertThat(this.plugins.seen).containsExactlyInAnyOrder("greet Ada x2 (receive 1)", "shout HI");
		assertThat(this.sqs.enqueued("plugins")).isEmpty();
	}

	@Test
	void aNewQueueAfterTheListenerStartedIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.handlers.register("late", "x", Greeting.class, (greeting, message) -> {
			}))
			.withMessageContaining("task 'x' on queue 'late'")
			.withMessageContaining("while the application starts");
	}

	record Greeting(String name, int times) {
	}

	static class Plugins {

		final List<String> seen = new CopyOnWriteArrayList<>();

		Plugins(TaskHandlers handlers) {
			handlers.register("plugins", "greet", Greeting.class, (greeting, message) -> this.seen
				.add("greet " + greeting.name() + " x" + greeting.times() + " (receive " + message.receiveCount() + ")"));
			handlers.register("plugins", "shout", this, ReflectionUtils.findMethod(Plugins.class, "shout", String.class));
		}

		public void shout(String text) {
			this.seen.add("shout " + text.toUpperCase(java.util.Locale.ROOT));
		}

	}

}
