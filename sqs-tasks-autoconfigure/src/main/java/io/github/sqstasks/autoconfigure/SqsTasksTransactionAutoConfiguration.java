package io.github.sqstasks.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import io.github.sqstasks.core.QueueResolver;
import io.github.sqstasks.core.TaskCodec;
import io.github.sqstasks.metrics.OutboxMetrics;
import io.github.sqstasks.metrics.SendFailureMetrics;
import io.github.sqstasks.outbox.OutboxJobs;
import io.github.sqstasks.outbox.OutboxRelay;
import io.github.sqstasks.outbox.OutboxTable;
import io.github.sqstasks.producer.FailedSendListener;
import io.github.sqstasks.producer.JobDeferral;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jobs that follow the transaction: sent after commit and dropped on rollback, or, with
 * {@code sqs-tasks.outbox.enabled}, written to the outbox table in the transaction and relayed from there. Only
 * applications with {@code spring-tx} load it.
 */
@AutoConfiguration(after = SqsTasksAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.transaction.support.TransactionSynchronizationManager")
@ConditionalOnBean(SqsAsyncClient.class)
@EnableConfigurationProperties(SqsTasksOutboxProperties.class)
public final class SqsTasksTransactionAutoConfiguration {

	private static final String OUTBOX_ENABLED = "sqs-tasks.outbox.enabled";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = OUTBOX_ENABLED, havingValue = "false", matchIfMissing = true)
	JobDeferral sqsTasksAfterCommitJobs(SqsAsyncClient sqs, ObjectProvider<FailedSendListener> failures) {
		return JobDeferral.afterCommit(sqs, failures.getIfUnique(() -> FailedSendListener.NONE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = OUTBOX_ENABLED, havingValue = "true")
	@ConditionalOnClass(name = { "org.springframework.jdbc.core.JdbcTemplate",
			"org.springframework.boot.jdbc.EmbeddedDatabaseConnection" })
	static class OutboxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxTable sqsTasksOutboxTable(ObjectProvider<DataSource> dataSources, SqsTasksOutboxProperties properties,
				TaskCodec codec) {
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new IllegalStateException(OUTBOX_ENABLED + " is true but the application has no single "
						+ "DataSource for the outbox table: add spring-boot-starter-jdbc and a database (or mark one "
						+ "DataSource @Primary), or set " + OUTBOX_ENABLED + "=false.");
			}
			OutboxTable table = new OutboxTable(dataSource, properties.getTableName(), codec.objectMapper());
			if (createSchema(properties.getInitializeSchema(), dataSource)) {
				table.createSchema();
			}
			return table;
		}

		private static boolean createSchema(SqsTasksOutboxProperties.InitializeSchema mode, DataSource dataSource) {
			return switch (mode) {
				case ALWAYS -> true;
				case NEVER -> false;
				case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
			};
		}

		@Bean
		@ConditionalOnMissingBean
		OutboxRelay sqsTasksOutboxRelay(OutboxTable table, SqsAsyncClient sqs, QueueResolver queues,
				@Qualifier("sqsTasksClock") Clock clock, SqsTasksOutboxProperties properties,
				ObjectProvider<FailedSendListener> failures) {
			return new OutboxRelay(table, sqs, queues, clock, properties.getRelayInterval(), properties.getBatchSize(),
					properties.getLeaseDuration(), failures.getIfUnique(() -> FailedSendListener.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		JobDeferral sqsTasksOutboxJobs(OutboxTable table, OutboxRelay relay, @Qualifier("sqsTasksClock") Clock clock,
				SqsAsyncClient sqs, ObjectProvider<FailedSendListener> failures, SqsTasksOutboxProperties properties) {
			return new OutboxJobs(table, relay, clock,
					JobDeferral.afterCommit(sqs, failures.getIfUnique(() -> FailedSendListener.NONE)),
					properties.getLeaseDuration());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
		SendFailureMetrics sqsTasksSendFailureMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
			return new SendFailureMetrics(registry);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
		@ConditionalOnProperty(name = OUTBOX_ENABLED, havingValue = "true")
		@ConditionalOnClass(name = { "org.springframework.jdbc.core.JdbcTemplate",
				"org.springframework.boot.jdbc.EmbeddedDatabaseConnection" })
		OutboxMetrics sqsTasksOutboxMetrics(io.micrometer.core.instrument.MeterRegistry registry, OutboxTable table,
				@Qualifier("sqsTasksClock") Clock clock) {
			return new OutboxMetrics(registry, table, clock);
		}

	}

}
