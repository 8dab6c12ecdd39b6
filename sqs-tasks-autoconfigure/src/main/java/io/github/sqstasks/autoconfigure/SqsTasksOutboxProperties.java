package io.github.sqstasks.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the transactional outbox, under the {@code sqs-tasks.outbox} prefix.
 */
@ConfigurationProperties("sqs-tasks.outbox")
public class SqsTasksOutboxProperties {

	/** Whether jobs added in a transaction are written to the outbox table in that transaction (needs a DataSource). */
	private boolean enabled;

	/** When to create the outbox table at start-up: embedded (only on an embedded database), always or never. */
	private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

	/** The outbox table's name. */
	private String tableName = "sqs_tasks_outbox";

	/** How often the relay looks for rows left by a crash or an SQS outage. */
	private Duration relayInterval = Duration.ofSeconds(1);

	/** The most rows the relay claims at once. */
	private int batchSize = 100;

	/** How long a relay owns the rows it claimed; after that another instance may send them again. */
	private Duration leaseDuration = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public InitializeSchema getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(InitializeSchema initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	public Duration getRelayInterval() {
		return this.relayInterval;
	}

	public void setRelayInterval(Duration relayInterval) {
		this.relayInterval = relayInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	/**
	 * When the outbox table is created, as Spring Boot's {@code DatabaseInitializationMode} does for its own schemas.
	 */
	public enum InitializeSchema {

		/** Always create the table (when it does not exist). */
		ALWAYS,

		/** Create the table only on an embedded database (H2, HSQLDB, Derby). */
		EMBEDDED,

		/** Never create the table: it is created with the application's own migrations. */
		NEVER

	}

}
