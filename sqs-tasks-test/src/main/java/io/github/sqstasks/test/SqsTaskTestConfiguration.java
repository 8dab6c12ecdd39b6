package io.github.sqstasks.test;

import org.springframework.context.annotation.Configuration;

/**
 * The configuration of a {@link SqsTaskTest} that finds no {@code @SpringBootConfiguration}: it scans nothing, so the
 * slice holds its auto-configurations and the test's {@code tasks} only.
 */
@Configuration(proxyBeanMethods = false)
class SqsTaskTestConfiguration {

}
