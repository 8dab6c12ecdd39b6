package io.github.sqstasks.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.metrics.DefaultTaskProcessObservationConvention;
import io.github.sqstasks.metrics.TaskProcessContext;
import io.github.sqstasks.metrics.TaskSendContext;
import io.github.sqstasks.metrics.TaskSendObservationConvention;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations of sending and processing carry OpenTelemetry's messaging attributes, and an application's
 * {@code ObservationConvention} bean takes over from the default one, as in Spring Cloud AWS and Spring Kafka.
 */
class ObservationConventionsTests {

	@Nested
	@SqsTaskTest(tasks = { Orders.class, Recording.class })
	@TestPropertySource(properties = "sqs-tasks.queue-prefix=dev-")
	class Defaults {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Recorded recorded;

		@BeforeEach
		void clear() {
			this.sqs.clear();
			this.recorded.stopped.clear();
		}

		@Test
		void aSendCarriesTheMessagingAttributesAndTheIdSqsGave() {
			String id = this.tasks.addJob("orders", "ship", Map.of("order", "o-1"));

			Observation.Context send = this.recorded.named("sqstasks.send");
			assertThat(send).isInstanceOf(TaskSendContext.class);
			assertThat(send.getContextualName()).isEqualTo("send ship");
			assertThat(send.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(KeyValue.of("queue", "orders"),
					KeyValue.of("task", "ship"), KeyValue.of("messaging.system", "aws_sqs"),
					KeyValue.of("messaging.destination.name", "dev-orders"),
					KeyValue.of("messaging.operation.name", "send"), KeyValue.of("messaging.operation.type", "send"));
			assertThat(send.getHighCardinalityKeyValues()).containsExactly(KeyValue.of("messaging.message.id", id));
		}

		@Test
		void aRunCarriesTheMessagingAttributesAndTheMessageId() {
			String id = this.tasks.addJob("orders", "ship", Map.of("order", "o-2"));
			this.sqs.processUntilIdle();

			Observation.Context process = this.recorded.run(id);
			assertThat(process.getContextualName()).isEqualTo("process ship");
			assertThat(process.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(KeyValue.of("queue", "orders"),
					KeyValue.of("task", "ship"), KeyValue.of("messaging.system", "aws_sqs"),
					KeyValue.of("messaging.destination.name", "dev-orders"),
					KeyValue.of("messaging.operation.name", "process"),
					KeyValue.of("messaging.operation.type", "process"));
			assertThat(process.getHighCardinalityKeyValues())
				.containsExactly(KeyValue.of("messaging.message.id", id));
		}

	}

	@Nested
	@SqsTaskTest(tasks = { Orders.class, Recording.class, CustomConventions.class })
	class Custom {

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Autowired
		Recorded recorded;

		@Test
		void aConventionBeanReplacesTheDefaultOne() {
			try (TaskContext.Scope scope = TaskContext.with("tenant", "acme")) {
				this.tasks.addJob("orders", "ship", Map.of("order", "o-3"));
			}
			this.sqs.processUntilIdle();

			Observation.Context send = this.recorded.named("shop.enqueue");
			assertThat(send.getContextualName()).isEqualTo("enqueue orders");
			assertThat(send.getLowCardinalityKeyValues()).containsExactly(KeyValue.of("queue", "orders"));
			Observation.Context process = this.recorded.named("sqstasks.task");
			assertThat(process.getLowCardinalityKeyValues()).contains(KeyValue.of("tenant", "acme"),
					KeyValue.of("messaging.system", "aws_sqs"));
		}

	}

	static class Orders {

		@SqsTask(queue = "orders")
		void ship(String order) {
		}

	}

	static class Recorded implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		Observation.Context run(String messageId) {
			return this.stopped.stream()
				.filter((context) -> context instanceof TaskProcessContext run && run.getMessageId().equals(messageId))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No run of message " + messageId + " in " + this.stopped));
		}

		Observation.Context named(String name) {
			return this.stopped.stream()
				.filter((context) -> name.equals(context.getName()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No observation '" + name + "' in " + this.stopped));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		Recorded recorded() {
			return new Recorded();
		}

		@Bean
		ObservationRegistry observationRegistry(Recorded recorded) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(recorded);
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConventions {

		@Bean
		TaskSendObservationConvention enqueueConvention() {
			return new TaskSendObservationConvention() {

				@Override
				public String getName() {
					return "shop.enqueue";
				}

				@Override
				public String getContextualName(TaskSendContext context) {
					return "enqueue " + context.getQueue();
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(TaskSendContext context) {
					return KeyValues.of("queue", context.getQueue());
				}

			};
		}

		@Bean
		DefaultTaskProcessObservationConvention tenantConvention() {
			return new DefaultTaskProcessObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(TaskProcessContext context) {
					String tenant = context.getMessage().context().get("tenant");
					return super.getLowCardinalityKeyValues(context).and("tenant", (tenant != null) ? tenant : "none");
				}

			};
		}

	}

}
