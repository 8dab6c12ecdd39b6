package io.github.sqstasks.test;

import java.time.Duration;
import java.util.Map;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.autoconfigure.SqsTasksMetricsProperties;
import io.github.sqstasks.metrics.QueueGauges;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code sqs-tasks.metrics.queue-gauges.enabled}, each queue's approximate message counts are sampled from SQS
 * into gauges an autoscaler can read; they are off by default.
 */
class QueueGaugesTests {

	@Nested
	@SqsTaskTest(tasks = { Reports.class, SimpleMeterRegistry.class })
	@TestPropertySource(properties = { "sqs-tasks.metrics.queue-gauges.enabled=true",
			"sqs-tasks.metrics.queue-gauges.interval=1s", "sqs-tasks.listener.enabled=false",
			"sqs-tasks.queues.exports.max-receive-count=3" })
	class Enabled {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		MeterRegistry meters;

		@Autowired
		QueueGauges gauges;

		@Test
		void eachQueueHasGaugesOfItsVisibleInFlightAndDelayedMessages() {
			for (int i = 0; i < 3; i++) {
				this.tasks.addJob("reports", "render", Map.of("n", i));
			}
			this.tasks.addJob("reports", "render", Map.of("n", 9), JobOptions.defaults().delay(Duration.ofMinutes(1)));
			String url = this.sqs.client().getQueueUrl((request) -> request.queueName("reports")).join().queueUrl();
			this.sqs.client().receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(1)).join();

			this.gauges.sample();

			assertThat(gauge("sqstasks.queue.messages.visible", "reports")).isEqualTo(2.0);
			assertThat(gauge("sqstasks.queue.messages.in.flight", "reports")).isEqualTo(1.0);
			assertThat(gauge("sqstasks.queue.messages.delayed", "reports")).isEqualTo(1.0);
		}

		@Test
		void configuredQueuesWithoutAHandlerAreSampledOnTheirOwnAtTheInterval() {
			this.tasks.addJob("exports", "csv", Map.of());

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(gauge("sqstasks.queue.messages.visible", "exports")).isEqualTo(1.0));
		}

		private double gauge(String name, String queue) {
			return this.meters.get(name).tag("queue", queue).gauge().value();
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Reports.class, SimpleMeterRegistry.class })
	@TestPropertySource(properties = { "sqs-tasks.metrics.queue-gauges.enabled=true",
			"sqs-tasks.metrics.queue-gauges.interval=1h" })
	class OldestReceivedAge {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		MeterRegistry meters;

		@Autowired
		QueueGauges gauges;

		@Test
		void theAgeOfTheOldestMessageReceivedSinceTheLastSampleIsTheBacklogsAge() {
			// sent now, due in 20 s: received 20 s after it was sent
			this.tasks.addJob("reports", "render", Map.of("n", 1), JobOptions.defaults().delay(Duration.ofSeconds(20)));
			this.tasks.addJob("reports", "render", Map.of("n", 2), JobOptions.defaults().delay(Duration.ofSeconds(5)));
			this.sqs.advance(Duration.ofSeconds(20));
			this.sqs.processUntilIdle();

			this.gauges.sample();
			assertThat(this.meters.get("sqstasks.queue.oldest.received.age").tag("queue", "reports").gauge().value())
				.isEqualTo(20.0);
			// nothing received since: no age to tell
			this.gauges.sample();
			assertThat(this.meters.get("sqstasks.queue.oldest.received.age").tag("queue", "reports").gauge().value())
				.isNaN();
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Reports.class, SimpleMeterRegistry.class })
	class Disabled {

		@Autowired
		MeterRegistry meters;

		@Test
		void thereAreNoQueueGaugesByDefault() {
			assertThat(this.meters.find("sqstasks.queue.messages.visible").gauges()).isEmpty();
			assertThat(this.meters.find("sqstasks.messages.unfinished").gauge()).isNotNull();
		}

	}

	@Test
	void anIntervalUnderOneSecondFailsStartUpNamingTheKey() {
		new ApplicationContextRunner().withUserConfiguration(MetricsProperties.class)
			.withPropertyValues("sqs-tasks.metrics.queue-gauges.interval=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sqs-tasks.metrics.queue-gauges.interval is 500ms; it must be at least 1s"));
	}

	static class Reports {

		@SqsTask(queue = "reports")
		void render(int n) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SqsTasksMetricsProperties.class)
	static class MetricsProperties {

	}

}
