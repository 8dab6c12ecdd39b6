package io.github.sqstasks.schedule;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksScheduleAutoConfiguration;
import io.github.sqstasks.core.WireFormat;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.QueuedMessage;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Application contexts with schedules on a given SQS client and clock, and readers of what the schedules enqueued.
 */
final class ScheduleSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private ScheduleSupport() {
	}

	/** An application on the given broker and clock that creates its queues and deletes handled messages at once. */
	static ApplicationContextRunner application(SqsAsyncClient sqs, Clock clock) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
					SqsTasksScheduleAutoConfiguration.class))
			// shared by the instances of a test: closing one must not close it
			.withBean(SqsAsyncClient.class, () -> sqs, (definition) -> definition.setDestroyMethodName(""))
			.withBean("sqsTasksClock", Clock.class, () -> clock)
			.withPropertyValues("sqs-tasks.create-queues=true", "sqs-tasks.defaults.poll-timeout=1s",
					"sqs-tasks.listener.acknowledgement-interval=0s", "sqs-tasks.listener.acknowledgement-threshold=0",
					"sqs-tasks.defaults.backoff.jitter=false");
	}

	/**
	 * The properties of a schedule of task 'render' with argument 'format', plus more keys of the schedule
	 * (like {@code "zone=Europe/Berlin"}).
	 */
	static String[] schedule(String id, String cron, String queue, String format, String... more) {
		String key = "sqs-tasks.schedules[" + id + "].";
		java.util.List<String> properties = new java.util.ArrayList<>(List.of(key + "cron=" + cron,
				key + "queue=" + queue, key + "task=render", key + "arguments.format=" + format));
		for (String property : more) {
			properties.add(key + property);
		}
		return properties.toArray(String[]::new);
	}

	/** The tick (context key sqs_tasks_tick) of each message on a queue of the in-memory SQS, oldest first. */
	static List<String> ticks(InMemorySqsAsyncClient sqs, String physicalQueue) {
		return sqs.messages(physicalQueue).stream().map((message) -> context(message).get(ScheduleRunner.TICK_KEY))
			.toList();
	}

	static Map<String, String> context(QueuedMessage message) {
		try {
			return JSON.readValue(message.messageAttributes().get(WireFormat.JOB_CONTEXT), new TypeReference<>() {
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> body(QueuedMessage message) {
		try {
			return JSON.readValue(message.body(), new TypeReference<>() {
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
