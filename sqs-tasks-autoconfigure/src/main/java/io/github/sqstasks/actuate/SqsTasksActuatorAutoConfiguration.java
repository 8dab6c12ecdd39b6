package io.github.sqstasks.actuate;

import java.time.Duration;
import java.util.function.Function;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksProperties;
import io.github.sqstasks.autoconfigure.SqsTasksScheduleAutoConfiguration;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.internal.QueueProbe;
import io.github.sqstasks.listener.QueueSettings;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.queues.TaskQueues;
import io.github.sqstasks.schedule.ScheduleRunner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code sqstasks} actuator endpoint and the {@code sqsTasks} health indicator, when
 * sqs-tasks is active and the actuator (for the endpoint) or Spring Boot's health support (for the indicator) is on
 * the classpath.
 */
@AutoConfiguration(after = { SqsTasksAutoConfiguration.class, SqsTasksScheduleAutoConfiguration.class })
@ConditionalOnBean({ TaskRegistry.class, QueueResolver.class, DeadLetterQueues.class })
public final class SqsTasksActuatorAutoConfiguration {

	/** How long the endpoint waits for SQS on each queue. */
	static final Duration ENDPOINT_TIMEOUT = Duration.ofSeconds(10);

	/** How long the health indicator waits for SQS on each queue; probes of all queues run at once. */
	static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

	static KnownQueues knownQueues(TaskRegistry registry, SqsTasksProperties properties,
			Function<String, QueueSettings> settings) {
		return new KnownQueues(registry, properties, settings);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		SqsTasksEndpoint sqsTasksEndpoint(SqsAsyncClient sqs, QueueResolver resolver, TaskRegistry registry,
				SqsTasksProperties properties, Function<String, QueueSettings> settings, TaskCounters counters,
				DeadLetterQueues deadLetters, ObjectProvider<QueueListeners> containers,
				ObjectProvider<ScheduleRunner> schedules, ObjectProvider<TaskQueues> taskQueues) {
			KnownQueues known = knownQueues(registry, properties, settings);
			QueueProbe probe = new QueueProbe(sqs, resolver, ENDPOINT_TIMEOUT);
			QueueReporter reporter = new QueueReporter(known, probe, counters, containers.getIfAvailable());
			schedules.ifAvailable((runner) -> reporter.setSchedules(runner::schedules));
			SqsTasksEndpoint endpoint = new SqsTasksEndpoint(known, reporter, probe, sqs, resolver, deadLetters,
					ENDPOINT_TIMEOUT);
			taskQueues.ifAvailable(endpoint::setTaskQueues);
			return endpoint;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SqsTasksEndpoint.class)
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		SqsTasksEndpointWebExtension sqsTasksEndpointWebExtension(SqsTasksEndpoint endpoint) {
			return new SqsTasksEndpointWebExtension(endpoint);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("sqstasks")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "sqsTasksHealthIndicator")
		SqsTasksHealthIndicator sqsTasksHealthIndicator(SqsAsyncClient sqs, QueueResolver resolver,
				TaskRegistry registry, SqsTasksProperties properties, Function<String, QueueSettings> settings) {
			return new SqsTasksHealthIndicator(knownQueues(registry, properties, settings),
					new QueueProbe(sqs, resolver, HEALTH_TIMEOUT));
		}

	}

}
