package io.github.sqstasks.dashboard;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard is served, where, and whether its write actions are allowed.
 */
class SqsTasksDashboardAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
				SqsTasksDashboardAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, InMemorySqsAsyncClient::new)
		.withPropertyValues("sqs-tasks.listener.enabled=false");

	@Test
	void withoutTheSettingThereIsNoDashboard() {
		this.web.run((context) -> assertThat(context).doesNotHaveBean(ServletRegistrationBean.class)
			.doesNotHaveBean(TaskActivity.class));
	}

	@Test
	void enabledItIsServedAtTheDefaultPath() {
		this.web.withPropertyValues("sqs-tasks.dashboard.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			ServletRegistrationBean<?> dashboard = context.getBean(ServletRegistrationBean.class);
			assertThat(dashboard.getUrlMappings()).containsExactly("/sqs-tasks/*");
		});
	}

	@Test
	void anApplicationThatIsNoServletWebApplicationHasNoDashboard() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
					SqsTasksDashboardAutoConfiguration.class))
			.withBean(SqsAsyncClient.class, InMemorySqsAsyncClient::new)
			.withPropertyValues("sqs-tasks.listener.enabled=false", "sqs-tasks.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServletRegistrationBean.class));
	}

	@Test
	void aPathWithoutLeadingSlashFailsTheStartNamingTheKey() {
		this.web.withPropertyValues("sqs-tasks.dashboard.enabled=true", "sqs-tasks.dashboard.path=tasks")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("Invalid sqs-tasks.dashboard.path 'tasks': use a path below the root that starts with a "
						+ "slash, like /sqs-tasks"));
	}

	@Test
	void writeActionsNeedUnrestrictedAccess() {
		SqsTasksDashboardProperties dashboard = new SqsTasksDashboardProperties();
		MockEnvironment environment = new MockEnvironment();

		assertThat(SqsTasksDashboardAutoConfiguration.writable(dashboard, environment)).isFalse();
		dashboard.setAccess(SqsTasksDashboardProperties.Access.UNRESTRICTED);
		assertThat(SqsTasksDashboardAutoConfiguration.writable(dashboard, environment)).isTrue();
	}

	@Test
	void theActuatorsMaxPermittedAccessCapsTheDashboardToo() {
		SqsTasksDashboardProperties dashboard = new SqsTasksDashboardProperties();
		dashboard.setAccess(SqsTasksDashboardProperties.Access.UNRESTRICTED);

		for (String cap : new String[] { "read-only", "READ_ONLY", "readOnly", "none" }) {
			MockEnvironment environment = new MockEnvironment()
				.withProperty("management.endpoints.access.max-permitted", cap);
			assertThat(SqsTasksDashboardAutoConfiguration.writable(dashboard, environment)).as(cap).isFalse();
		}
		assertThat(SqsTasksDashboardAutoConfiguration.writable(dashboard,
				new MockEnvironment().withProperty("management.endpoints.access.max-permitted", "unrestricted")))
			.isTrue();
	}

}
