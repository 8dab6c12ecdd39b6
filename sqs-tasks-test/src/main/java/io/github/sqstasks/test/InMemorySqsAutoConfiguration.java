package io.github.sqstasks.test;

import java.time.Instant;
import java.util.function.Function;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.autoconfigure.EmbeddedSqsBrokerAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.listener.QueueSettings;
import io.github.sqstasks.listener.TaskListenerContainers;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Replaces the application's SQS client with an in-memory SQS whose clock the test moves; the clock is also
 * sqs-tasks' clock, so long delays play out with it. Imported by {@link AutoConfigureInMemorySqs}.
 */
@AutoConfiguration(before = { SqsAutoConfiguration.class, EmbeddedSqsBrokerAutoConfiguration.class,
		SqsTasksAutoConfiguration.class })
public final class InMemorySqsAutoConfiguration {

	/** Where the test clock starts: a fixed instant, so that tests are repeatable. */
	static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	@Bean
	ManualClock sqsTasksClock() {
		return new ManualClock(START);
	}

	@Bean
	@Primary
	InMemorySqsAsyncClient inMemorySqsAsyncClient(ManualClock sqsTasksClock) {
		return new InMemorySqsAsyncClient(sqsTasksClock);
	}

	@Bean
	InMemorySqs inMemorySqs(InMemorySqsAsyncClient client, ManualClock sqsTasksClock,
			ObjectProvider<QueueResolver> queues, ObjectProvider<TaskCodec> codec,
			ObjectProvider<TaskListenerContainers> containers,
			ObjectProvider<Function<String, QueueSettings>> settings) {
		return new InMemorySqs(client, sqsTasksClock, queues, codec, containers, settings);
	}

}
