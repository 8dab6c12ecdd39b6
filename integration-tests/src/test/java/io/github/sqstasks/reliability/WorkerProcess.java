package io.github.sqstasks.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a worker application ({@link ReliabilityWorker}, {@link ChaosWorker}) in a separate JVM pointed at a broker,
 * and stops it with SIGTERM or SIGKILL.
 */
final class WorkerProcess implements AutoCloseable {

	private final Process process;

	private WorkerProcess(Process process) {
		this.process = process;
	}

	static WorkerProcess start(String endpoint, String prefix, Path doneFile, Path log, int concurrency,
			String... extraArguments) throws IOException {
		List<String> arguments = new ArrayList<>();
		arguments.add("--sqs-tasks.queues.work.concurrency=" + concurrency);
		arguments.add("--sqs-tasks.queues.work.visibility-timeout=5s");
		arguments.add("--worker.done-file=" + doneFile);
		arguments.addAll(List.of(extraArguments));
		return start(ReliabilityWorker.class, endpoint, prefix, log, arguments);
	}

	/**
	 * Starts a worker application in a JVM of its own, on the test's class path, with what every reliability worker
	 * shares (the broker, no embedded broker, queues that must exist, 1 s polls, a 10 s shutdown timeout, WARN logs).
	 * @param application the main class
	 * @param endpoint the broker's endpoint
	 * @param prefix the queue prefix
	 * @param log where its standard output and error go
	 * @param arguments its own arguments, after the shared ones
	 * @return the started process
	 * @throws IOException when it cannot be started
	 */
	static WorkerProcess start(Class<?> application, String endpoint, String prefix, Path log,
			List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(application.getName());
		command.add("--spring.cloud.aws.sqs.endpoint=" + endpoint);
		command.add("--spring.cloud.aws.region.static=us-east-1");
		command.add("--spring.cloud.aws.credentials.access-key=x");
		command.add("--spring.cloud.aws.credentials.secret-key=x");
		command.add("--sqs-tasks.embedded-broker.enabled=false");
		command.add("--sqs-tasks.queue-prefix=" + prefix);
		command.add("--sqs-tasks.create-queues=false");
		command.add("--sqs-tasks.defaults.poll-timeout=1s");
		command.add("--sqs-tasks.listener.shutdown-timeout=10s");
		command.add("--logging.level.root=WARN");
		command.add("--logging.level.io.github.sqstasks.listener.QueueListeners=INFO");
		command.add("--spring.main.banner-mode=off");
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new WorkerProcess(process);
	}

	long pid() {
		return this.process.pid();
	}

	/** Waits for the JVM to exit by itself. */
	int awaitExit(long seconds) throws InterruptedException {
		return this.process.waitFor(seconds, TimeUnit.SECONDS) ? this.process.exitValue() : -1;
	}

	/** Sends SIGTERM and waits for the JVM to exit. */
	int terminate() throws InterruptedException {
		this.process.destroy();
		return this.process.waitFor(60, TimeUnit.SECONDS) ? this.process.exitValue() : -1;
	}

	/** Sends SIGTERM without waiting, so that several workers stop in parallel; {@link #terminate()} then waits. */
	void signalTerm() {
		this.process.destroy();
	}

	/** Sends SIGKILL. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	static List<Integer> done(Path doneFile) throws IOException {
		if (!Files.exists(doneFile)) {
			return List.of();
		}
		return Files.readAllLines(doneFile).stream().filter((line) -> !line.isBlank()).map(Integer::valueOf).toList();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
