package io.github.sqstasks.autoconfigure;

import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Raises the connection limit of the SQS client that Spring Cloud AWS builds to
 * {@code sqs-tasks.listener.max-connections}. The AWS SDK's Netty client allows 50 connections, and every consumed
 * queue holds one for its 20 s long poll: with 50 queues or more, every other request (the start-up's
 * GetQueueAttributes, sends, deletes) waited for a connection until the SDK gave up after 10 s, and the application
 * did not start. A client the application builds itself is left alone.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class)
@ConditionalOnClass({ SqsAsyncClientCustomizer.class, NettyNioAsyncHttpClient.class })
@EnableConfigurationProperties(SqsTasksProperties.class)
public final class SqsTasksClientAutoConfiguration {

	/**
	 * Runs first, so that an application's own customizer that sets another HTTP client wins.
	 * @param properties the connection limit
	 * @return the customizer
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SqsAsyncClientCustomizer sqsTasksConnectionLimit(SqsTasksProperties properties) {
		int maxConnections = properties.getListener().getMaxConnections();
		return (builder) -> builder
			.httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections));
	}

}
