package io.github.sqstasks.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that Spring Cloud AWS's template and listener container run unchanged on the in-memory SQS.
 */
class SpringCloudAwsOnInMemorySqsTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient(this.clock);

	private final List<SqsMessageListenerContainer<String>> containers = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.containers.forEach(SqsMessageListenerContainer::stop);
		this.sqs.close();
	}

	private void listen(String queue, Consumer<String> listener) {
		SqsMessageListenerContainer<String> container = SqsMessageListenerContainer.<String>builder()
			.sqsAsyncClient(this.sqs)
			.queueNames(queue)
			.configure(options -> options.pollTimeout(Duration.ofSeconds(1))
				.listenerShutdownTimeout(Duration.ofSeconds(1))
				.acknowledgementShutdownTimeout(Duration.ofSeconds(1)))
			.messageListener(message -> listener.accept(message.getPayload()))
			.build();
		this.containers.add(container);
		container.start();
	}

	@Test
	void listenerContainerReceivesAndDeletesWhatTheTemplateSends() {
		this.sqs.createQueue(request -> request.queueName("tasks")).join();
		List<String> received = new CopyOnWriteArrayList<>();
		listen("tasks", received::add);
		SqsTemplate template = SqsTemplate.newTemplate(this.sqs);
		for (int i = 0; i < 25; i++) {
			template.send("tasks", "payload-" + i);
		}
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(received).hasSize(25));
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(this.sqs.messages("tasks")).isEmpty());
	}

	@Test
	void failingMessageIsRedeliveredAfterTheVisibilityTimeoutThenDeadLettered() {
		this.sqs.createQueue(request -> request.queueName("failing-dead")).join();
		this.sqs.createQueue(request -> request.queueName("failing").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:failing-dead\",\"maxReceiveCount\":2}")))
			.join();
		AtomicInteger attempts = new AtomicInteger();
		listen("failing", payload -> {
			attempts.incrementAndGet();
			throw new IllegalStateException("expected failure of " + payload);
		});
		SqsTemplate.newTemplate(this.sqs).send("failing", "poison");
		await().atMost(5, TimeUnit.SECONDS).until(() -> attempts.get() == 1);
		this.clock.advance(Duration.ofSeconds(30));
		await().atMost(5, TimeUnit.SECONDS).until(() -> attempts.get() == 2);
		this.clock.advance(Duration.ofSeconds(30));
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(this.sqs.messages("failing-dead")).singleElement()
				.satisfies(message -> assertThat(message.body()).isEqualTo("poison")));
		assertThat(attempts).hasValue(2);
	}

	@Test
	void templateSendsToFifoQueuesAndReceivesInOrder() {
		this.sqs.createQueue(request -> request.queueName("ordered.fifo")
			.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).join();
		SqsTemplate template = SqsTemplate.newTemplate(this.sqs);
		for (int i = 0; i < 5; i++) {
			int n = i;
			template.send(options -> options.queue("ordered.fifo").payload("m" + n).messageGroupId("G"));
		}
		List<String> received = new CopyOnWriteArrayList<>();
		listen("ordered.fifo", received::add);
		await().atMost(10, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4"));
	}

}
