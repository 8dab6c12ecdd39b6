package io.github.sqstasks.test;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksScheduleAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * The configuration of a {@link SqsTaskTest}: sqs-tasks' auto-configuration only (the in-memory SQS comes from
 * {@link AutoConfigureInMemorySqs}); the test's task classes are added by {@link SqsTaskTestContextCustomizerFactory}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, SqsTasksAutoConfiguration.class,
		SqsTasksScheduleAutoConfiguration.class })
class SqsTaskTestConfiguration {

}
