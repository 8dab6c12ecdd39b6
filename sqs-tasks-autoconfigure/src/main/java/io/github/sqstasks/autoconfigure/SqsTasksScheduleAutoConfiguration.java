package io.github.sqstasks.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.schedule.Schedule;
import io.github.sqstasks.schedule.ScheduleRunner;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of recurring jobs: the schedules of {@code sqs-tasks.schedules} and of
 * {@code @SqsTaskSchedule} methods, run by a {@link ScheduleRunner} in every instance.
 */
@AutoConfiguration(after = SqsTasksAutoConfiguration.class)
@ConditionalOnBean(SqsTaskTemplate.class)
@EnableConfigurationProperties(SqsTasksScheduleProperties.class)
public final class SqsTasksScheduleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ScheduleRunner sqsTasksScheduleRunner(SqsTaskTemplate template, TaskRegistry registry,
			TaskDefinitionFactory definitions, TaskCodec codec, @Qualifier("sqsTasksClock") Clock clock,
			SqsTasksScheduleProperties schedules, SqsTasksProperties properties, QueueProvisioner provisioner,
			Environment environment) {
		ScheduleRunner runner = new ScheduleRunner(template, registry, definitions, codec, clock);
		runner.setSchedules(schedules(schedules));
		runner.setPlaceholderResolver(environment::resolveRequiredPlaceholders);
		runner.setConfiguredQueues(() -> Set.copyOf(properties.getQueues().keySet()));
		runner.setQueueProvisioning(provisioner::provision);
		runner.setConsumedQueues(() -> new LinkedHashSet<>(SqsTasksAutoConfiguration.consumedQueues(properties,
				registry)));
		return runner;
	}

	static List<Schedule> schedules(SqsTasksScheduleProperties properties) {
		return properties.getSchedules().entrySet().stream().map(SqsTasksScheduleAutoConfiguration::schedule).toList();
	}

	private static Schedule schedule(Map.Entry<String, SqsTasksScheduleProperties.Schedule> entry) {
		SqsTasksScheduleProperties.Schedule schedule = entry.getValue();
		return new Schedule(entry.getKey(), Objects.toString(schedule.getCron(), ""), schedule.getZone(),
				Objects.toString(schedule.getQueue(), ""), Objects.toString(schedule.getTask(), ""),
				schedule.getArguments(), "sqs-tasks.schedules." + entry.getKey());
	}

}
