package io.github.sqstasks.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.github.sqstasks.annotation.SqsTask;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A worker application run in its own JVM by the reliability tests: it appends the id of every task it completes to a
 * file, so that the test can count what was done after killing it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReliabilityWorker {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReliabilityWorker.class);
		application.setRegisterShutdownHook(true);
		// Tomcat is on the test classpath for the actuator's HTTP tests: workers run side by side and serve nothing
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Bean
	Tasks tasks(@Value("${worker.done-file}") String doneFile, @Value("${worker.task-millis:2}") long taskMillis) {
		return new Tasks(Path.of(doneFile), taskMillis);
	}

	/**
	 * The handler: simulates a little work, then records the id. The write happens before the handler returns, so a
	 * recorded id may still be redelivered (at-least-once), but an unrecorded one was never completed.
	 */
	static class Tasks {

		private final Path doneFile;

		private final long taskMillis;

		Tasks(Path doneFile, long taskMillis) {
			this.doneFile = doneFile;
			this.taskMillis = taskMillis;
		}

		@SqsTask(queue = "work")
		void work(int id) throws IOException, InterruptedException {
			Thread.sleep(this.taskMillis);
			synchronized (this) {
				Files.writeString(this.doneFile, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
		}

	}

}
