package io.github.sqstasks.autoconfigure;

import io.github.sqstasks.metrics.OutboxMetrics;
import io.github.sqstasks.outbox.OutboxTable;
import io.github.sqstasks.producer.JobDeferral;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which transaction support the auto-configuration sets up, depending on the classpath and the outbox keys.
 */
class TransactionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class,
				SqsTasksTransactionAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, SharedBroker::client)
		.withPropertyValues("sqs-tasks.listener.enabled=false");

	@Test
	void withoutSpringTxTheTemplateSendsAtOnceAndNothingElseIsConfigured() {
		this.runner.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SqsTaskTemplate.class);
				assertThat(context).doesNotHaveBean(JobDeferral.class);
			});
	}

	@Test
	void withSpringTxJobsFollowTheTransactionWithoutAnOutbox() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JobDeferral.class);
			assertThat(context).doesNotHaveBean(OutboxTable.class);
		});
	}

	@Test
	void anOutboxWithoutADataSourceFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("sqs-tasks.outbox.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sqs-tasks.outbox.enabled is true but the application has no single DataSource"));
	}

	@Test
	void theOutboxOnAnEmbeddedDatabaseCreatesItsTableAndGauges() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("sqs-tasks.outbox.enabled=true",
					"spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.run((context) -> {
				assertThat(context.getBean(OutboxTable.class).waiting()).isZero();
				assertThat(context).hasSingleBean(OutboxMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("sqstasks.outbox.waiting").gauge().value()).isZero();
				assertThat(registry.get("sqstasks.outbox.oldest.age").gauge().value()).isZero();
			});
	}

	@Test
	void withInitializeSchemaNeverTheTableIsNotCreated() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("sqs-tasks.outbox.enabled=true", "sqs-tasks.outbox.initialize-schema=never",
					"spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.run((context) -> assertThat(
					org.assertj.core.api.Assertions.catchThrowable(() -> context.getBean(OutboxTable.class).waiting()))
				.hasMessageContaining("bad SQL grammar [SELECT COUNT(*) FROM sqs_tasks_outbox]"));
	}

}
