package io.github.sqstasks.autoconfigure;

import io.github.sqstasks.listener.WorkerFinishedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Exits the application with status 0 once the worker has finished by its shutdown policy.
 */
final class WorkerExit implements ApplicationListener<WorkerFinishedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(WorkerExit.class);

	private final ConfigurableApplicationContext context;

	WorkerExit(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(WorkerFinishedEvent event) {
		// Not on the caller's thread: closing the context stops the listener that published the event.
		Thread exit = new Thread(() -> {
			int status = SpringApplication.exit(this.context, () -> 0);
			logger.info("sqs-tasks worker finished (queues {}); exiting with status {}", event.getQueues(), status);
			System.exit(status);
		}, "sqs-tasks-exit");
		exit.start();
	}

}
