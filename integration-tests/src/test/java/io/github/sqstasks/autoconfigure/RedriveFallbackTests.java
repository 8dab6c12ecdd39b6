package io.github.sqstasks.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.deadletter.RedriveResult;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a broker without {@code StartMessageMoveTask}, redrive re-sends the dead-lettered messages instead.
 */
class RedriveFallbackTests {

	@Test
	void withoutMoveTasksRedriveReSendsTheMessagesAndTheyAreProcessed() {
		SqsAsyncClient real = SharedBroker.client();
		SqsAsyncClient withoutMoveTasks = (SqsAsyncClient) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { SqsAsyncClient.class }, (proxy, method, args) -> {
					if (method.getName().equals("startMessageMoveTask")) {
						return CompletableFuture.failedFuture(new UnsupportedOperationException("no move tasks here"));
					}
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, () -> withoutMoveTasks)
			.withBean(Handler.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
					"sqs-tasks.queues.jobs.dead-letter-queue=jobs_dead")
			.run((context) -> {
				Handler handler = context.getBean(Handler.class);
				handler.refuse.set(true);
				SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
				for (int i = 0; i < 3; i++) {
					tasks.addJob("jobs", "job", Map.of("n", i));
				}
				DeadLetterQueues deadLetters = context.getBean(DeadLetterQueues.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.depth("jobs") == 3);

				handler.refuse.set(false);
				RedriveResult result = deadLetters.redrive("jobs");

				assertThat(result.method()).isEqualTo("resend");
				assertThat(result.moved()).isEqualTo(3);
				await().atMost(Duration.ofSeconds(10)).until(() -> handler.done.size() == 3);
				assertThat(handler.done).containsExactlyInAnyOrder(0, 1, 2);
				assertThat(deadLetters.depth("jobs")).isZero();
			});
	}

	static class Handler {

		final AtomicBoolean refuse = new AtomicBoolean();

		final List<Integer> done = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "jobs")
		void job(int n) {
			if (this.refuse.get()) {
				throw new DoNotRetry("not now");
			}
			this.done.add(n);
		}

	}

}
