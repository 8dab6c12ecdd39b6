package io.github.sqstasks.core;

/**
 * Names of the message attributes and codecs of the wire format, compatible with the Python library sqs-workers.
 */
public final class WireFormat {

	/** String attribute holding the task name. */
	public static final String JOB_NAME = "JobName";

	/** String attribute naming the body's codec. */
	public static final String CONTENT_TYPE = "ContentType";

	/** String attribute holding the propagated context as a JSON object. */
	public static final String JOB_CONTEXT = "JobContext";

	/** String attribute the library adds to messages it dead-letters: the failure (exception class and message). */
	public static final String FAILURE_REASON = "FailureReason";

	/** The codec this library writes, and reads, for task messages. */
	public static final String JSON = "json";

	/** sqs-workers' codec of a pickle at Python's default protocol; read (plain data only), never written. */
	public static final String PICKLE = "pickle";

	/** sqs-workers' default codec, a protocol-2 pickle; read (plain data only), never written. */
	public static final String PICKLE_COMPAT = "pickle_compat";

	/** Context keys with this prefix are the library's own (for example a long delay's due time); handlers never see them. */
	public static final String RESERVED_CONTEXT_PREFIX = "_sqs_tasks_";

	private WireFormat() {
	}

}
