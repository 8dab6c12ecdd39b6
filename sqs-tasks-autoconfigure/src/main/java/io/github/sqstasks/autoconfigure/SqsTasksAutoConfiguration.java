package io.github.sqstasks.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.annotation.SqsTaskAnnotationBeanPostProcessor;
import io.github.sqstasks.client.SqsTaskClientsRegistrar;
import io.github.sqstasks.core.LocalSqsBroker;
import io.github.sqstasks.core.MessageDecoder;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskDispatcher;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskInvoker;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.handlers.TaskHandlers;
import io.github.sqstasks.listener.QueueShutdownPolicy;
import io.github.sqstasks.listener.ShutdownPolicy;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.metrics.QueueGauges;
import io.github.sqstasks.metrics.TaskMetrics;
import io.github.sqstasks.metrics.TaskObservations;
import io.github.sqstasks.metrics.TaskProcessObservationConvention;
import io.github.sqstasks.metrics.TaskSendObservationConvention;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.producer.DelayedDelivery;
import io.github.sqstasks.producer.JobDeferral;
import io.github.sqstasks.producer.SendInstrumentation;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.queues.TaskQueues;
import io.github.sqstasks.retry.BackoffPolicy;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.config.BeanDefinition;

/**
 * Auto-configuration of sqs-tasks: handler registry, template, queue provisioning and the listener (one pipeline per
 * consumed queue), on the application's {@link SqsAsyncClient}.
 */
@AutoConfiguration(after = { SqsAutoConfiguration.class, EmbeddedSqsBrokerAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(SqsAsyncClient.class)
@EnableConfigurationProperties({ SqsTasksProperties.class, SqsTasksMetricsProperties.class })
@Import(SqsTaskClientsRegistrar.class)
public final class SqsTasksAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static SqsTaskAnnotationBeanPostProcessor sqsTaskAnnotationBeanPostProcessor(ObjectProvider<TaskRegistry> registry,
			ObjectProvider<TaskDefinitionFactory> definitions) {
		return new SqsTaskAnnotationBeanPostProcessor(registry, definitions);
	}

	@Bean
	@ConditionalOnMissingBean
	TaskCodec sqsTasksCodec(@Qualifier(SqsTasksObjectMappers.QUALIFIER) ObjectProvider<ObjectMapper> objectMapper,
			ObjectProvider<Module> modules, ObjectProvider<SqsTasksObjectMapperCustomizer> customizers) {
		return new TaskCodec(objectMapper.getIfAvailable(() -> SqsTasksObjectMappers.create(modules, customizers)));
	}

	@Bean
	@ConditionalOnMissingBean
	TaskRegistry sqsTaskRegistry() {
		return new TaskRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	TaskHandlers sqsTaskHandlers(TaskRegistry registry, TaskDefinitionFactory definitions, TaskCodec codec,
			ObjectProvider<QueueListeners> listener) {
		return new TaskHandlers(registry, definitions, codec, () -> {
			QueueListeners running = listener.getIfAvailable();
			return (running != null && running.isRunning()) ? running.listeningQueues() : null;
		});
	}

	@Bean
	@ConditionalOnMissingBean
	TaskDefinitionFactory sqsTaskDefinitionFactory(TaskCodec codec) {
		return new TaskDefinitionFactory(codec.objectMapper());
	}

	@Bean
	@ConditionalOnMissingBean
	TaskInvoker sqsTaskInvoker(TaskCodec codec, ObjectProvider<TaskInterceptor> interceptors) {
		return new TaskInvoker(codec, interceptors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	QueueResolver sqsTasksQueueResolver(SqsAsyncClient sqs, SqsTasksProperties properties) {
		return new QueueResolver(sqs, properties.getQueuePrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	SqsTaskTemplate sqsTaskTemplate(SqsAsyncClient sqs, QueueResolver queues, TaskCodec codec, TaskRegistry registry,
			TaskInvoker invoker, @Qualifier("sqsTasksClock") Clock clock,
			ObjectProvider<SendInstrumentation> instrumentation, QueueSettingsFactory settings,
			SqsTasksProperties properties,
			ObjectProvider<JobDeferral> deferral) {
		SqsTaskTemplate template = new SqsTaskTemplate(sqs, queues, codec, registry, invoker, clock);
		instrumentation.ifUnique(template::setSendInstrumentation);
		deferral.ifUnique(template::setJobDeferral);
		template.setMaxMessageBytes(settings::maxMessageBytes);
		template.setMaxDelay(properties.getMaxDelay());
		return template;
	}

	@Bean
	@ConditionalOnMissingBean(name = "sqsTasksClock")
	Clock sqsTasksClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	DelayedDelivery sqsTasksDelayedDelivery(SqsAsyncClient sqs, @Qualifier("sqsTasksClock") Clock clock,
			SqsTasksProperties properties) {
		return new DelayedDelivery(sqs, clock, properties.getMaxDelay());
	}

	@Bean
	QueueSettingsFactory sqsTasksQueueSettings(SqsTasksProperties properties, ObjectProvider<BackoffPolicy> backoff) {
		return new QueueSettingsFactory(properties, backoff.getIfUnique());
	}

	@Bean
	QueueProvisioner sqsTasksQueueProvisioner(SqsAsyncClient sqs, QueueResolver queues,
			QueueSettingsFactory settings, TaskRegistry registry, SqsTasksProperties properties,
			ObjectProvider<LocalSqsBroker> localBroker) {
		boolean create = (properties.getCreateQueues() != null) ? properties.getCreateQueues()
				: localBroker.stream().findAny().isPresent();
		QueueProvisioner provisioner = new QueueProvisioner(sqs, queues, settings, () -> {
			// Created: every queue with a handler here (the application may produce to those it does not consume).
			// Checked: the queues it consumes; a queue it only produces to is looked up at the first send.
			Set<String> names = new LinkedHashSet<>(create ? registry.queues().stream().sorted().toList()
					: consumedQueues(properties, registry));
			names.addAll(properties.getQueues().keySet());
			return names;
		}, create);
		provisioner.setAttributes(settings::attributes);
		return provisioner;
	}

	@Bean
	@ConditionalOnMissingBean
	TaskCounters sqsTaskCounters(TaskRegistry registry) {
		return new TaskCounters(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterQueues sqsTasksDeadLetterQueues(SqsAsyncClient sqs, QueueResolver queues, QueueSettingsFactory settings,
			TaskCodec codec, TaskRegistry registry, TaskInvoker invoker) {
		return new DeadLetterQueues(sqs, queues, settings, new MessageDecoder(codec),
				new TaskDispatcher(registry, invoker));
	}

	@Bean
	@ConditionalOnMissingBean
	TaskQueues sqsTaskQueues(SqsAsyncClient sqs, QueueResolver queues, TaskRegistry registry,
			SqsTasksProperties properties, QueueSettingsFactory settings, @Qualifier("sqsTasksClock") Clock clock) {
		return new TaskQueues(sqs, queues, () -> {
			Set<String> names = new LinkedHashSet<>(registry.queues());
			names.addAll(properties.getQueues().keySet());
			for (String queue : List.copyOf(names)) {
				String deadLetterQueue = settings.apply(queue).deadLetterQueue();
				if (deadLetterQueue != null) {
					names.add(deadLetterQueue);
				}
			}
			return names;
		}, clock);
	}

	static List<String> consumedQueues(SqsTasksProperties properties, TaskRegistry registry) {
		if (!properties.getListener().isEnabled()) {
			return List.of();
		}
		List<String> chosen = properties.getListener().getQueues();
		return chosen.isEmpty() ? registry.queues().stream().sorted().toList() : List.copyOf(chosen);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
		TaskObservations sqsTaskObservations(io.micrometer.observation.ObservationRegistry registry, TaskCodec codec,
				TaskRegistry tasks, QueueResolver queues, ObjectProvider<TaskSendObservationConvention> sendConvention,
				ObjectProvider<TaskProcessObservationConvention> processConvention) {
			TaskObservations observations = new TaskObservations(registry, codec, tasks, queues::physicalName);
			observations.setSendConvention(sendConvention.getIfUnique());
			observations.setProcessConvention(processConvention.getIfUnique());
			return observations;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
		TaskMetrics sqsTaskMetrics(io.micrometer.core.instrument.MeterRegistry registry,
				@Qualifier("sqsTasksClock") Clock clock, TaskCounters counters,
				ObjectProvider<QueueListeners> containers, TaskRegistry tasks) {
			TaskMetrics metrics = new TaskMetrics(registry, clock, () -> {
				QueueListeners listener = containers.getIfAvailable();
				return (listener != null) ? listener.unfinishedMessages() : 0;
			}, tasks);
			counters.addListener(metrics);
			return metrics;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
		@ConditionalOnProperty(name = "sqs-tasks.metrics.queue-gauges.enabled", havingValue = "true")
		QueueGauges sqsTasksQueueGauges(io.micrometer.core.instrument.MeterRegistry registry, SqsAsyncClient sqs,
				QueueResolver queues, TaskRegistry tasks, SqsTasksProperties properties,
				SqsTasksMetricsProperties metrics, ObjectProvider<QueueListeners> listener) {
			QueueGauges gauges = new QueueGauges(registry, sqs, queues, () -> {
				Set<String> names = new TreeSet<>(tasks.queues());
				names.addAll(properties.getQueues().keySet());
				return names;
			}, metrics.getQueueGauges().getInterval());
			gauges.setOldestReceivedAge((queue) -> {
				QueueListeners running = listener.getIfAvailable();
				return (running != null) ? running.takeOldestReceivedAge(queue) : null;
			});
			return gauges;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "sqs-tasks.listener.enabled", havingValue = "true", matchIfMissing = true)
	static class ListenerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		QueueListeners sqsTasksQueueListeners(SqsAsyncClient sqs, TaskRegistry registry,
				QueueResolver queues, TaskCodec codec, TaskInvoker invoker, QueueSettingsFactory settings,
				SqsTasksProperties properties, DelayedDelivery delayedDelivery, TaskCounters counters,
				Environment environment, @Qualifier("sqsTasksClock") Clock clock,
				@Qualifier("sqsTasksScheduler") ObjectProvider<TaskScheduler> scheduler,
				ObjectProvider<QueueShutdownPolicy> customPolicy) {
			QueueListeners containers = new QueueListeners(sqs, registry, queues, codec, invoker,
					settings, () -> consumedQueues(properties, registry), delayedDelivery,
					properties.getListener().getAcknowledgementInterval(),
					properties.getListener().getAcknowledgementThreshold(), counters,
					properties.getListener().getShutdownTimeout());
			SqsTasksProperties.ShutdownPolicy policy = properties.getListener().getShutdownPolicy();
			// an application's own policy replaces the configured idle/max-tasks
			containers.setShutdownPolicy(customPolicy.getIfUnique(() -> new ShutdownPolicy(policy.getIdle(),
					policy.getMaxTasks(), policy.isRequireAll())));
			containers.setMaxMessageBytes(settings::maxMessageBytes);
			// one time source for the listener: the clock, or a scheduler on it (the in-memory SQS's manual clock)
			containers.setClock(clock);
			scheduler.ifAvailable(containers::setScheduler);
			// spring.threads.virtual.enabled=true on Java 21+
			containers.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
			return containers;
		}

		@Bean
		@ConditionalOnProperty(name = "sqs-tasks.listener.shutdown-policy.exit", havingValue = "true",
				matchIfMissing = true)
		WorkerExit sqsTasksWorkerExit(ConfigurableApplicationContext context) {
			return new WorkerExit(context);
		}

	}

}
