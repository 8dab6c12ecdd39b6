package io.github.sqstasks.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.sqstasks.reliability.ChaosAccounting.Incarnation;

/**
 * The chaos run's worker processes ({@link ChaosWorker}): starts them, kills or stops one and starts it again, and
 * remembers every process it ran ({@link Incarnation}), each with a journal of its own.
 */
final class ChaosFleet implements AutoCloseable {

	private final Path dir;

	private final String endpoint;

	private final String prefix;

	private final List<String> arguments;

	private final WorkerProcess[] processes;

	private final int[] generations;

	private final long[] started;

	private final List<Incarnation> ended = new ArrayList<>();

	private final List<Kill> kills = new ArrayList<>();

	private final List<TermExit> termExits = new ArrayList<>();

	private final List<SelfExit> selfExits = new ArrayList<>();

	ChaosFleet(int workers, Path dir, String endpoint, String prefix, List<String> arguments) throws IOException {
		this.dir = dir;
		this.endpoint = endpoint;
		this.prefix = prefix;
		this.arguments = arguments;
		this.processes = new WorkerProcess[workers];
		this.generations = new int[workers];
		this.started = new long[workers];
		// The fleet-wide sequence: a long at offset 0, which every worker maps.
		Files.write(sequenceFile(), new byte[Long.BYTES]);
	}

	void startAll() throws IOException {
		for (int worker = 0; worker < this.processes.length; worker++) {
			start(worker);
		}
	}

	private void start(int worker) throws IOException {
		String name = "worker-" + worker + "." + this.generations[worker];
		List<String> command = new ArrayList<>(this.arguments);
		command.add("--chaos.journal=" + journal(worker));
		command.add("--chaos.sequence=" + sequenceFile());
		this.started[worker] = System.currentTimeMillis();
		this.processes[worker] = WorkerProcess.start(ChaosWorker.class, this.endpoint, this.prefix,
				this.dir.resolve(name + ".log"), command);
	}

	/** SIGKILL, then a new process in its place. */
	void killAndRestart(int worker) throws Exception {
		long millis = System.currentTimeMillis();
		this.processes[worker].kill();
		this.kills.add(new Kill(end(worker, millis), millis));
		start(worker);
	}

	/** SIGTERM, waiting for the process to exit, then a new one in its place. */
	void terminateAndRestart(int worker) throws Exception {
		boolean receiving = receiving(worker);
		int status = this.processes[worker].terminate();
		this.termExits.add(new TermExit(end(worker, System.currentTimeMillis()), status, receiving));
		start(worker);
	}

	/** SIGTERM to every worker, in parallel, waiting for them to exit. */
	void terminateAll() throws Exception {
		superviseExited(false);
		List<Integer> running = new ArrayList<>();
		List<Boolean> receiving = new ArrayList<>();
		for (int worker = 0; worker < this.processes.length; worker++) {
			if (this.processes[worker].isAlive()) {
				receiving.add(receiving(worker));
				this.processes[worker].signalTerm();
				running.add(worker);
			}
		}
		for (int i = 0; i < running.size(); i++) {
			int worker = running.get(i);
			int status = this.processes[worker].terminate();
			this.termExits.add(new TermExit(end(worker, System.currentTimeMillis()), status, receiving.get(i)));
		}
	}

	/**
	 * Does what a supervisor (systemd, Kubernetes) does for a worker process that exited by itself: records why and
	 * starts another.
	 * @param restart whether to start another
	 */
	void superviseExited(boolean restart) throws Exception {
		for (int worker = 0; worker < this.processes.length; worker++) {
			if (!this.processes[worker].isAlive()) {
				int status = this.processes[worker].awaitExit(0);
				Path log = this.dir.resolve("worker-" + worker + "." + this.generations[worker] + ".log");
				List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
				int description = lines.indexOf("Description:");
				String reason = (description >= 0 && description + 2 < lines.size()) ? lines.get(description + 2)
						: String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
				Incarnation incarnation = end(worker, System.currentTimeMillis());
				this.selfExits.add(new SelfExit(incarnation, status, lines.contains("APPLICATION FAILED TO START"),
						reason));
				if (restart) {
					start(worker);
				}
			}
		}
	}

	private Incarnation end(int worker, long millis) {
		Incarnation incarnation = new Incarnation(worker, this.generations[worker], journal(worker),
				this.started[worker], millis);
		this.ended.add(incarnation);
		this.generations[worker]++;
		return incarnation;
	}

	/** Whether every worker's first receive has returned. */
	boolean allReceiving() throws IOException {
		for (int worker = 0; worker < this.processes.length; worker++) {
			if (!receiving(worker)) {
				return false;
			}
		}
		return true;
	}

	/** Whether a worker's current process has started: a receive of it has returned. */
	private boolean receiving(int worker) throws IOException {
		Path journal = journal(worker);
		return Files.exists(journal) && Files.readAllLines(journal).stream().anyMatch((l) -> l.startsWith("R "));
	}

	/** The processes that have ended, in the order they did. */
	List<Incarnation> incarnations() {
		return List.copyOf(this.ended);
	}

	List<Kill> kills() {
		return List.copyOf(this.kills);
	}

	List<TermExit> termExits() {
		return List.copyOf(this.termExits);
	}

	/** The processes that exited by themselves, and why. */
	List<SelfExit> selfExits() {
		return List.copyOf(this.selfExits);
	}

	private Path journal(int worker) {
		return this.dir.resolve("worker-" + worker + "." + this.generations[worker] + ".journal");
	}

	private Path sequenceFile() {
		return this.dir.resolve("sequence");
	}

	@Override
	public void close() throws Exception {
		for (WorkerProcess process : this.processes) {
			if (process != null) {
				process.close();
			}
		}
	}

	/**
	 * A SIGTERM.
	 *
	 * @param incarnation the process
	 * @param status its exit status
	 * @param started whether it had started (received) when it got the signal; a JVM stopped while Spring Boot starts
	 * exits with 1
	 */
	record TermExit(Incarnation incarnation, int status, boolean started) {

		@Override
		public String toString() {
			return (this.started ? "" : "while starting: ") + this.status;
		}

	}

	/**
	 * A worker process that exited by itself.
	 *
	 * @param incarnation the process
	 * @param status its exit status
	 * @param startupFailure whether Spring Boot reported that it failed to start
	 * @param reason the reason its log gives
	 */
	record SelfExit(Incarnation incarnation, int status, boolean startupFailure, String reason) {
	}

	/**
	 * A SIGKILL.
	 *
	 * @param incarnation the process killed
	 * @param millis when
	 */
	record Kill(Incarnation incarnation, long millis) {
	}

}
