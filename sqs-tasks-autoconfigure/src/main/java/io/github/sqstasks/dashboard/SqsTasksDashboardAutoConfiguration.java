package io.github.sqstasks.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.autoconfigure.SqsTasksProperties;
import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.deadletter.DeadLetterQueues;
import io.github.sqstasks.internal.CrossSiteRequestGuard;
import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.internal.QueueProbe;
import io.github.sqstasks.listener.QueueSettings;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.QueueListeners;
import io.github.sqstasks.schedule.ScheduleRunner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the dashboard in a servlet web application with {@code sqs-tasks.dashboard.enabled=true}:
 * the page at {@code sqs-tasks.dashboard.path}, the recording of recent task activity it charts, and the cross-site
 * guard of its write actions.
 */
@AutoConfiguration(after = SqsTasksAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = { "jakarta.servlet.http.HttpServlet", "org.springframework.web.filter.OncePerRequestFilter" })
@ConditionalOnProperty(name = "sqs-tasks.dashboard.enabled", havingValue = "true")
@ConditionalOnBean({ TaskRegistry.class, QueueResolver.class, DeadLetterQueues.class, TaskCounters.class })
@EnableConfigurationProperties(SqsTasksDashboardProperties.class)
public final class SqsTasksDashboardAutoConfiguration {

	/** How long the page's requests wait for SQS on each queue. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Bean
	TaskActivity sqsTasksDashboardActivity(@Qualifier("sqsTasksClock") Clock clock, TaskRegistry registry,
			TaskCounters counters) {
		TaskActivity activity = new TaskActivity(clock, registry);
		counters.addListener(activity);
		return activity;
	}

	@Bean
	ServletRegistrationBean<DashboardServlet> sqsTasksDashboardServlet(SqsTasksDashboardProperties dashboard,
			SqsAsyncClient sqs, QueueResolver resolver, TaskRegistry registry, SqsTasksProperties properties,
			Function<String, QueueSettings> settings, TaskCounters counters, TaskActivity activity,
			DeadLetterQueues deadLetters, ObjectProvider<QueueListeners> containers,
			@Qualifier("sqsTasksClock") Clock clock, Environment environment, ObjectProvider<ScheduleRunner> schedules) {
		requireRefreshInterval(dashboard.getRefreshInterval());
		DashboardData data = new DashboardData(new KnownQueues(registry, properties, settings),
				new QueueProbe(sqs, resolver, TIMEOUT), resolver, counters, activity, deadLetters,
				containers::getIfAvailable, clock, writable(dashboard, environment), dashboard.getRefreshInterval());
		data.setSchedules(() -> {
			ScheduleRunner runner = schedules.getIfAvailable();
			return (runner != null) ? runner.schedules() : List.of();
		});
		ServletRegistrationBean<DashboardServlet> registration = new ServletRegistrationBean<>(
				new DashboardServlet(data), path(dashboard) + "/*");
		registration.setName("sqsTasksDashboard");
		return registration;
	}

	@Bean
	FilterRegistrationBean<CrossSiteRequestGuard> sqsTasksDashboardCrossSiteRequestGuard(
			SqsTasksDashboardProperties dashboard) {
		// mapped to the dashboard's path only, where it guards every write request
		FilterRegistrationBean<CrossSiteRequestGuard> registration = CrossSiteRequestGuard
			.registration("sqsTasksDashboardCrossSiteRequestGuard", List.of(""));
		registration.setUrlPatterns(List.of(path(dashboard), path(dashboard) + "/*"));
		return registration;
	}

	/**
	 * Returns the dashboard's path without a trailing slash.
	 * @throws IllegalStateException when it does not start with a slash, is the root, or holds a wildcard
	 */
	static String path(SqsTasksDashboardProperties dashboard) {
		String path = dashboard.getPath().trim();
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (!dashboard.getPath().startsWith("/") || path.isEmpty() || path.contains("*") || path.contains("?")) {
			throw new IllegalStateException("Invalid sqs-tasks.dashboard.path '" + dashboard.getPath()
					+ "': use a path below the root that starts with a slash, like /sqs-tasks");
		}
		return path;
	}

	/**
	 * Tells whether the dashboard's write actions are allowed: {@code sqs-tasks.dashboard.access=unrestricted}, unless
	 * {@code management.endpoints.access.max-permitted} caps every endpoint's access below that, as it caps the
	 * {@code sqstasks} endpoint's.
	 */
	static boolean writable(SqsTasksDashboardProperties dashboard, Environment environment) {
		if (dashboard.getAccess() != SqsTasksDashboardProperties.Access.UNRESTRICTED) {
			return false;
		}
		String cap = Binder.get(environment).bind("management.endpoints.access.max-permitted", String.class).orElse("");
		// as leniently as Spring Boot reads an enum: read-only, READ_ONLY and readOnly are one value
		String normalized = cap.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
		return !normalized.equals("none") && !normalized.equals("readonly");
	}

	private static void requireRefreshInterval(Duration interval) {
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalStateException("Invalid sqs-tasks.dashboard.refresh-interval " + interval
					+ ": use at least 1s");
		}
	}

}
