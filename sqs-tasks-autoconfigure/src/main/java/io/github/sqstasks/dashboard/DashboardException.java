package io.github.sqstasks.dashboard;

/**
 * A dashboard request that cannot be done, with the HTTP status to answer and a message a user can act on.
 */
final class DashboardException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	DashboardException(int status, String message) {
		super(message);
		this.status = status;
	}

	int status() {
		return this.status;
	}

}
