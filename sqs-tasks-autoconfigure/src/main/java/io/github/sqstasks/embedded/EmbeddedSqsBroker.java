package io.github.sqstasks.embedded;

import java.net.URI;

import io.github.sqstasks.core.LocalSqsBroker;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * An in-JVM ElasticMQ broker on a loopback port, for development and tests only; its queues live in memory and are
 * gone when it stops.
 */
public final class EmbeddedSqsBroker implements DisposableBean, LocalSqsBroker {

	/** The region the broker writes into queue ARNs and that its clients use. */
	public static final String REGION = "us-east-1";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedSqsBroker.class);

	private final SQSRestServer server;

	private final URI endpoint;

	/**
	 * Starts the broker and waits until it accepts connections.
	 * @param host the address to bind: a loopback address, as the broker has no authentication
	 * @param port the port, 0 for a free one
	 */
	public EmbeddedSqsBroker(String host, int port) {
		long start = System.nanoTime();
		var builder = SQSRestServerBuilder.withInterface(host).withAWSRegion(REGION);
		this.server = (port == 0) ? builder.withDynamicPort().start() : builder.withPort(port).start();
		int boundPort = this.server.waitUntilStarted().localAddress().getPort();
		this.endpoint = URI.create("http://" + host + ":" + boundPort);
		logger.warn("""

				**************************************************************************************
				  sqs-tasks started an EMBEDDED ElasticMQ broker at {} ({} ms).
				  It is a DEVELOPMENT broker: queues live in memory and are lost on exit.
				  For AWS SQS, configure an AWS region (spring.cloud.aws.region.static, AWS_REGION)
				  or credentials, or set sqs-tasks.embedded-broker.enabled=false; and keep ElasticMQ
				  out of production builds (test scope).
				**************************************************************************************""",
				this.endpoint, (System.nanoTime() - start) / 1_000_000);
	}

	/**
	 * Returns the broker's endpoint.
	 * @return an {@code http://host:port} URI
	 */
	public URI getEndpoint() {
		return this.endpoint;
	}

	/** Stops the broker. */
	@Override
	public void destroy() {
		this.server.stopAndWait();
		logger.info("Embedded ElasticMQ broker at {} stopped", this.endpoint);
	}

}
