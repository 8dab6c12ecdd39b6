package io.github.sqstasks.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the dashboard, under the {@code sqs-tasks.dashboard} prefix.
 */
@ConfigurationProperties("sqs-tasks.dashboard")
public class SqsTasksDashboardProperties {

	/** Whether a servlet web application serves the dashboard. */
	private boolean enabled;

	/** Where the dashboard is served, relative to the context path. */
	private String path = "/sqs-tasks";

	/** What the dashboard lets its users do: read-only (look) or unrestricted (also replay, discard and redrive). */
	private Access access = Access.READ_ONLY;

	/** How often the page asks for fresh counts. */
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * Returns whether the dashboard is served.
	 * @return whether it is served
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether the dashboard is served.
	 * @param enabled whether it is served
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Returns where the dashboard is served.
	 * @return the path, like {@code /sqs-tasks}
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Sets where the dashboard is served.
	 * @param path the path, starting with a slash
	 */
	public void setPath(String path) {
		this.path = path;
	}

	/**
	 * Returns what the dashboard lets its users do.
	 * @return the access
	 */
	public Access getAccess() {
		return this.access;
	}

	/**
	 * Sets what the dashboard lets its users do.
	 * @param access the access
	 */
	public void setAccess(Access access) {
		this.access = access;
	}

	/**
	 * Returns how often the page refreshes its counts.
	 * @return the interval
	 */
	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	/**
	 * Sets how often the page refreshes its counts.
	 * @param refreshInterval the interval, at least one second
	 */
	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	/**
	 * What the dashboard lets its users do, named as Spring Boot names endpoint access.
	 */
	public enum Access {

		/** Look only: queues, tasks and dead letters. */
		READ_ONLY,

		/** Also replay, discard and redrive dead letters. */
		UNRESTRICTED

	}

}
