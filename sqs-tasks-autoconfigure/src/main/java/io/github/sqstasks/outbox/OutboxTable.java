package io.github.sqstasks.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.producer.PreparedMessage;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The outbox table, through {@link JdbcTemplate} on the application's {@link DataSource}: inside a transaction its
 * statements run on the transaction's connection.
 */
public final class OutboxTable {

	/** The only attribute type the wire format uses. */
	static final String STRING_TYPE = "String";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private static final String DEFAULT_NAME = "sqs_tasks_outbox";

	private static final String COLUMNS = "id, queue_name, task_name, body, attributes, delay_seconds, group_id, "
			+ "deduplication_id, created_at";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final String table;

	private final ObjectMapper json;

	/**
	 * Creates the table access.
	 * @param dataSource the application's data source
	 * @param table the table's name, optionally with a schema
	 * @param json writes and reads the attributes column
	 */
	public OutboxTable(DataSource dataSource, String table, ObjectMapper json) {
		if (!TABLE_NAME.matcher(table).matches()) {
			throw new IllegalArgumentException("sqs-tasks.outbox.table-name '" + table + "' is not a plain SQL name: "
					+ "use letters, digits and underscores, optionally as schema.table.");
		}
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.table = table;
		this.json = json;
	}

	/**
	 * Returns the data source the table lives in.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Returns the table's name.
	 * @return the name
	 */
	public String name() {
		return this.table;
	}

	/**
	 * Creates the table and its index when they do not exist, with the script for the database (H2 or PostgreSQL).
	 * @throws IllegalStateException for another database
	 */
	public void createSchema() {
		String product = databaseProduct();
		String script = switch (product) {
			case "H2" -> "schema-h2.sql";
			case "PostgreSQL" -> "schema-postgresql.sql";
			default -> throw new IllegalStateException("sqs-tasks has no outbox schema for " + product + ": create "
					+ "the table " + this.table + " with your migrations (the README's Transactions section shows "
					+ "the DDL) and set sqs-tasks.outbox.initialize-schema=never.");
		};
		String simpleName = this.table.substring(this.table.lastIndexOf('.') + 1);
		String ddl = read("/META-INF/sqs-tasks/" + script)
			.replace(DEFAULT_NAME + "_locked_until", simpleName + "_locked_until")
			.replace(DEFAULT_NAME + " (", this.table + " (");
		new ResourceDatabasePopulator(new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8)))
			.execute(this.dataSource);
	}

	void insert(PreparedMessage message, Instant now) {
		SendMessageRequest request = message.request();
		Map<String, String> attributes = new LinkedHashMap<>();
		for (Map.Entry<String, MessageAttributeValue> entry : request.messageAttributes().entrySet()) {
			attributes.put(entry.getKey(), entry.getValue().stringValue());
		}
		this.jdbc.update("INSERT INTO " + this.table + " (queue_name, task_name, body, attributes, delay_seconds, "
				+ "group_id, deduplication_id, created_at, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				message.queue(), message.task(), request.messageBody(), write(attributes),
				(request.delaySeconds() != null) ? request.delaySeconds() : 0, request.messageGroupId(),
				request.messageDeduplicationId(), timestamp(now), timestamp(now));
	}

	/**
	 * Claims the oldest rows whose lease has run out, in one statement, so that two relays never claim one row.
	 * @param owner a token no other claim uses
	 * @param now the current time
	 * @param leaseUntil until when the rows are the owner's
	 * @param max the most rows to claim
	 * @return the claimed rows, in insertion order
	 */
	List<OutboxRow> claim(String owner, Instant now, Instant leaseUntil, int max) {
		// The outer condition is checked again on a row another relay updated meanwhile, so only one claim wins.
		int claimed = this.jdbc.update("UPDATE " + this.table + " SET locked_by = ?, locked_until = ? WHERE "
				+ "locked_until <= ? AND id IN (SELECT id FROM " + this.table + " WHERE locked_until <= ? ORDER BY id "
				+ "LIMIT ?)", owner, timestamp(leaseUntil), timestamp(now), timestamp(now), max);
		if (claimed == 0) {
			return List.of();
		}
		return this.jdbc.query("SELECT " + COLUMNS + " FROM " + this.table + " WHERE locked_by = ? ORDER BY id",
				this::row, owner);
	}

	void delete(List<Long> ids) {
		this.jdbc.batchUpdate("DELETE FROM " + this.table + " WHERE id = ?",
				ids.stream().map((id) -> new Object[] { id }).toList());
	}

	void release(List<Long> ids, String owner, Instant at) {
		this.jdbc.batchUpdate("UPDATE " + this.table + " SET locked_by = NULL, locked_until = ? WHERE id = ? AND "
				+ "locked_by = ?", ids.stream().map((id) -> new Object[] { timestamp(at), id, owner }).toList());
	}

	/**
	 * Counts the jobs waiting to be sent.
	 * @return the number of rows
	 */
	public long waiting() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.table, Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Returns when the oldest waiting job was added.
	 * @return its time, or {@code null} when the table is empty
	 */
	public @Nullable Instant oldest() {
		OffsetDateTime oldest = this.jdbc.queryForObject("SELECT MIN(created_at) FROM " + this.table,
				OffsetDateTime.class);
		return (oldest != null) ? oldest.toInstant() : null;
	}

	private OutboxRow row(ResultSet rs, int index) throws SQLException {
		return new OutboxRow(rs.getLong("id"), rs.getString("queue_name"), rs.getString("task_name"),
				rs.getString("body"), read(rs.getString("attributes"), rs.getLong("id")), rs.getInt("delay_seconds"),
				rs.getString("group_id"), rs.getString("deduplication_id"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private String write(Map<String, String> attributes) {
		try {
			return this.json.writeValueAsString(attributes);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write message attributes as JSON: " + ex.getMessage(), ex);
		}
	}

	private Map<String, String> read(String attributes, long id) {
		try {
			return this.json.readValue(attributes, STRING_MAP);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Outbox row " + id + " of " + this.table + " has attributes that are "
					+ "not a JSON object of strings: " + ex.getOriginalMessage(), ex);
		}
	}

	private String databaseProduct() {
		try {
			return JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not tell which database holds the outbox table " + this.table
					+ ": " + ex.getMessage(), ex);
		}
	}

	private static String read(String resource) {
		try (InputStream in = OutboxTable.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + resource + " in the sqs-tasks jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + resource + ": " + ex.getMessage(), ex);
		}
	}

	private static OffsetDateTime timestamp(Instant instant) {
		// Milliseconds, which every database keeps exactly: a rounded lease end could outlast its own lease.
		return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

}
