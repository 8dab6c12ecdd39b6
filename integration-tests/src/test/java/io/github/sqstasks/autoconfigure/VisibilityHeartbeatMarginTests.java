package io.github.sqstasks.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler that outlasts its visibility timeout, while the broker misses one renewal of the heartbeat (a connection
 * reset, as in a 1 s outage) and answers the next a little late (300 ms, as in a latency phase): no other consumer
 * may receive the message while the handler runs. Found by the chaos run (issue 21): with a 6 s visibility timeout, a
 * 3.3 s outage made slow messages run twice.
 */
class VisibilityHeartbeatMarginTests {

	private static final int VISIBILITY_SECONDS = 2;

	@Test
	void oneMissedRenewalDoesNotLetAnotherConsumerReceiveAMessageWhoseHandlerStillRuns() {
		Blip blip = new Blip();
		String prefix = SharedBroker.uniquePrefix();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, () -> SqsAsyncClient.builder()
				.endpointOverride(SharedBroker.broker().getEndpoint())
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
				.overrideConfiguration((c) -> c.addExecutionInterceptor(blip))
				.build())
			.withBean(Slow.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + prefix, "sqs-tasks.queues.slow.concurrency=1",
					"sqs-tasks.queues.slow.prefetch=0",
					"sqs-tasks.queues.slow.visibility-timeout=" + VISIBILITY_SECONDS + "s")
			.run((context) -> {
				Slow slow = context.getBean(Slow.class);
				String url = context.getBean(QueueResolver.class).url("slow");
				context.getBean(SqsTaskTemplate.class).addJob("slow", "slow", Map.of("id", 1));
				await().atMost(Duration.ofSeconds(30)).until(() -> slow.started.get() == 1);

				// Another worker polling the queue while the handler runs (twice its visibility timeout).
				List<Message> taken = new CopyOnWriteArrayList<>();
				try (SqsAsyncClient other = SharedBroker.client()) {
					while (slow.finished.get() == 0) {
						taken.addAll(other.receiveMessage((r) -> r.queueUrl(url).waitTimeSeconds(0).visibilityTimeout(30))
							.join()
							.messages());
						Thread.sleep(20);
					}
				}
				assertThat(blip.renewals.get()).as("renewals sent").isGreaterThanOrEqualTo(2);
				assertThat(taken).as("messages another consumer received while the handler ran").isEmpty();
			});
	}

	static class Slow {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		@SqsTask(queue = "slow")
		void slow(int id) throws InterruptedException {
			this.started.incrementAndGet();
			Thread.sleep(VISIBILITY_SECONDS * 2_000L);
			this.finished.incrementAndGet();
		}

	}

	/**
	 * Fails the heartbeat's first renewal as a reset connection would, and holds its second for 300 ms.
	 */
	static final class Blip implements ExecutionInterceptor {

		final AtomicInteger renewals = new AtomicInteger();

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			if (context.request() instanceof ChangeMessageVisibilityRequest change
					&& change.visibilityTimeout() == VISIBILITY_SECONDS) {
				int renewal = this.renewals.incrementAndGet();
				if (renewal == 1) {
					throw SdkClientException.create("Unable to execute HTTP request: Connection reset");
				}
				if (renewal == 2) {
					try {
						Thread.sleep(300);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}
		}

	}

}
