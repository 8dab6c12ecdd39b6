package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.deadletter.DeadLetter;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Looking at, replaying and discarding single dead letters on the embedded ElasticMQ, on a standard and a FIFO queue.
 */
class DeadLetterMessagesOnElasticMqTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@ParameterizedTest
	@ValueSource(strings = { "jobs", "orders.fifo" })
	void peekLeavesTheMessagesVisibleAndTheQueueCountsUnchanged(String queue) {
		run(queue, (deadLetters, broker) -> {
			List<DeadLetter> peeked = deadLetters.peek(queue, 10);

			assertThat(peeked).extracting(DeadLetter::body)
				.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}");
			assertThat(peeked).allSatisfy((dead) -> {
				assertThat(dead.taskName()).isIn("job", "ship");
				assertThat(dead.failureReason()).startsWith("DoNotRetry: refused");
			});
			assertThat(broker.visible()).isEqualTo(3);
			assertThat(broker.inFlight()).isZero();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jobs", "orders.fifo" })
	void replayRunsTheHandlerAndTheDeadLetterQueueLosesExactlyThatMessage(String queue) {
		run(queue, (deadLetters, broker) -> {
			String b = idOf(deadLetters.peek(queue, 10), "b");
			broker.handler.refuse.set(false);

			assertThat(deadLetters.replay(queue, b)).isTrue();

			await().atMost(WAIT).until(() -> broker.handler.done.contains("b"));
			assertThat(broker.handler.done).containsExactly("b");
			assertThat(deadLetters.peek(queue, 10)).extracting(DeadLetter::body)
				.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"c\"}");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jobs", "orders.fifo" })
	void discardDeletesExactlyThatMessage(String queue) {
		run(queue, (deadLetters, broker) -> {
			String a = idOf(deadLetters.peek(queue, 10), "a");

			assertThat(deadLetters.discard(queue, a)).isTrue();

			assertThat(deadLetters.peek(queue, 10)).extracting(DeadLetter::body)
				.containsExactlyInAnyOrder("{\"text\":\"b\"}", "{\"text\":\"c\"}");
			assertThat(broker.handler.done).isEmpty();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jobs", "orders.fifo" })
	void anUnknownMessageIdIsNotFoundAndLeavesEveryMessageVisible(String queue) {
		run(queue, (deadLetters, broker) -> {
			assertThat(deadLetters.replay(queue, "00000000-0000-0000-0000-000000000000")).isFalse();
			assertThat(deadLetters.discard(queue, "00000000-0000-0000-0000-000000000000")).isFalse();

			assertThat(broker.visible()).isEqualTo(3);
			assertThat(broker.inFlight()).isZero();
			assertThat(broker.handler.done).isEmpty();
		});
	}

	/**
	 * Starts an application on the shared ElasticMQ whose handler refuses three messages (a, b, c, in one group on
	 * the FIFO queue), waits until they are dead-lettered, and runs the test.
	 */
	private void run(String queue, BiConsumer<DeadLetterQueues, Broker> test) {
		String deadLetterQueue = queue.endsWith(".fifo") ? "orders_dead.fifo" : "jobs_dead";
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, SharedBroker::client)
			.withBean(Handler.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix(),
					"sqs-tasks.queues.jobs.dead-letter-queue=jobs_dead",
					"sqs-tasks.queues[orders.fifo].dead-letter-queue=orders_dead.fifo")
			.run((context) -> {
				Broker broker = new Broker(context, deadLetterQueue);
				SqsTaskTemplate tasks = context.getBean(SqsTaskTemplate.class);
				for (String text : List.of("a", "b", "c")) {
					JobOptions options = queue.endsWith(".fifo")
							? JobOptions.defaults().groupId("customer-1").deduplicationId(text) : JobOptions.defaults();
					tasks.addJob(queue, queue.endsWith(".fifo") ? "ship" : "job", Map.of("text", text), options);
				}
				DeadLetterQueues deadLetters = context.getBean(DeadLetterQueues.class);
				await().atMost(WAIT).until(() -> broker.visible() == 3);
				test.accept(deadLetters, broker);
			});
	}

	private static String idOf(List<DeadLetter> peeked, String text) {
		return peeked.stream()
			.filter((dead) -> dead.body().equals("{\"text\":\"" + text + "\"}"))
			.findFirst()
			.orElseThrow()
			.messageId();
	}

	/**
	 * The dead-letter queue under test and the handler.
	 */
	static final class Broker {

		final Handler handler;

		private final SqsAsyncClient sqs;

		private final String url;

		Broker(AssertableApplicationContext context, String deadLetterQueue) {
			this.handler = context.getBean(Handler.class);
			this.sqs = context.getBean(SqsAsyncClient.class);
			this.url = context.getBean(QueueResolver.class).url(deadLetterQueue);
		}

		int visible() {
			return SharedBroker.count(this.sqs, this.url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
		}

		int inFlight() {
			return SharedBroker.count(this.sqs, this.url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
		}

	}

	static class Handler {

		final AtomicBoolean refuse = new AtomicBoolean(true);

		final List<String> done = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "jobs")
		void job(String text) {
			handle(text);
		}

		@SqsTask(queue = "orders.fifo")
		void ship(String text) {
			handle(text);
		}

		private void handle(String text) {
			if (this.refuse.get()) {
				throw new DoNotRetry("refused " + text);
			}
			this.done.add(text);
		}

	}

}
