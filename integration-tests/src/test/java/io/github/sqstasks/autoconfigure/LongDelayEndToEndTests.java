package io.github.sqstasks.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job delayed by two hours runs once its time has come, through the running listener: each 15-minute hop is
 * fast-forwarded (the test clock moves by the hop's delay and the broker is asked for none).
 */
class LongDelayEndToEndTests {

	private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

	private final FastForward fastForward = new FastForward();

	private final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(SharedBroker.broker().getEndpoint())
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
		.overrideConfiguration((c) -> c.addExecutionInterceptor(this.fastForward))
		.build();

	@Test
	void aTwoHourDelayIsCarriedOutInHopsAndTheHandlerRunsOnceItIsDue() {
		runner().run((context) -> {
				try (TaskContext.Scope scope = TaskContext.with("tenant", "acme")) {
					context.getBean(SqsTaskTemplate.class)
						.addJob("reports", "render", Map.of("id", 7), JobOptions.defaults().delay(Duration.ofHours(2)));
				}

				Reports reports = context.getBean(Reports.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> reports.ranAt.size() == 1);
				assertThat(this.fastForward.hops).containsExactly(900, 900, 900, 900, 900, 900, 900, 900);
				assertThat(reports.ranAt.get(0)).isEqualTo(START.plus(Duration.ofHours(2)));
				assertThat(reports.contexts.get(0)).isEqualTo(Map.of("tenant", "acme"));
			});
	}

	@Test
	void aMessageWhoseReDelayKeepsFailingIsGivenUpAtTheReceiveLimitWithoutARedrivePolicy() {
		this.fastForward.failHops = true;
		runner().withPropertyValues("sqs-tasks.queues.reports.visibility-timeout=1s",
					"sqs-tasks.queues.reports.max-receive-count=2", "logging.level.io.github.sqstasks=OFF")
			.run((context) -> {
				String url = context.getBean(io.github.sqstasks.core.QueueResolver.class).url("reports");
				String due = Long.toString(START.plus(Duration.ofHours(1)).toEpochMilli());
				this.sqs.sendMessage((request) -> request.queueUrl(url)
					.messageBody("{\"id\":7}")
					.messageAttributes(Map.of("JobName", string("render"), "JobContext",
							string("{\"_sqs_tasks_not_before\":\"" + due + "\"}"))))
					.join();

				// No dead-letter queue, so no RedrivePolicy: only the listener's own limit can end the loop.
				await().atMost(Duration.ofSeconds(20)).until(() -> this.fastForward.failedHops.get() >= 2
						&& messages(url) == 0);
				assertThat(this.fastForward.failedHops).hasValue(2);
				assertThat(context.getBean(Reports.class).ranAt).isEmpty();
			});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, () -> this.sqs)
			.withBean("sqsTasksClock", Clock.class, () -> this.fastForward)
			.withBean(Reports.class)
			.withPropertyValues("sqs-tasks.defaults.poll-timeout=1s", "sqs-tasks.create-queues=true",
					"sqs-tasks.queue-prefix=" + SharedBroker.uniquePrefix());
	}

	private int messages(String url) {
		return SharedBroker.count(this.sqs, url,
				software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				+ SharedBroker.count(this.sqs, url,
						software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	private static software.amazon.awssdk.services.sqs.model.MessageAttributeValue string(String value) {
		return software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
			.dataType("String")
			.stringValue(value)
			.build();
	}

	static class Reports {

		final List<Instant> ranAt = new CopyOnWriteArrayList<>();

		final List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();

		private Clock clock;

		Reports(org.springframework.beans.factory.ObjectProvider<Clock> clock) {
			this.clock = clock.getObject();
		}

		@SqsTask(queue = "reports")
		void render(int id, TaskContext context) {
			this.ranAt.add(this.clock.instant());
			this.contexts.add(context.asMap());
		}

	}

	/**
	 * A clock that moves forward by each send's DelaySeconds, which it then removes from the request.
	 */
	static final class FastForward extends Clock implements ExecutionInterceptor {

		final List<Integer> hops = new CopyOnWriteArrayList<>();

		final java.util.concurrent.atomic.AtomicInteger failedHops = new java.util.concurrent.atomic.AtomicInteger();

		/** Whether every re-delay hop fails, as when the broker refuses sends to the queue. */
		volatile boolean failHops;

		private volatile Instant now = START;

		@Override
		public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
			if (context.request() instanceof SendMessageRequest request && request.delaySeconds() != null
					&& request.delaySeconds() > 0) {
				if (this.failHops) {
					this.failedHops.incrementAndGet();
					throw software.amazon.awssdk.core.exception.SdkClientException.create("sends refused by the test");
				}
				this.hops.add(request.delaySeconds());
				this.now = this.now.plusSeconds(request.delaySeconds());
				return request.toBuilder().delaySeconds(0).build();
			}
			return context.request();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
