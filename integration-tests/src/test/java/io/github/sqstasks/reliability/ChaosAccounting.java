package io.github.sqstasks.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.sqstasks.reliability.SoakTests.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Reads the journals of every worker process of a chaos run ({@link ChaosJournal}) and what the dead-letter queues
 * hold, and accounts for every task: succeeded once, or dead-lettered once with its reason. It works out the
 * duplicates and their bound (the messages the killed workers held when they were killed), FIFO order per group,
 * how soon each worker received again after each outage, and each worker's heap.
 */
final class ChaosAccounting {

	static final String STANDARD = "chaos";

	static final String FIFO = "fifo";

	private static final Pattern POISON = Pattern.compile("^poison (\\d+) ");

	private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

	/** Handler starts and ends of every process, sorted by the fleet-wide sequence. */
	private final List<Event> events = new ArrayList<>();

	/** Every receive of every message id, by any process. */
	private final Map<String, List<Receipt>> receipts = new HashMap<>();

	/** Receipt handles each process deleted or gave back. */
	private final Map<Incarnation, Set<Long>> released = new HashMap<>();

	/** Times each process's receives returned. */
	private final Map<Incarnation, List<Long>> receiveTimes = new HashMap<>();

	/** Heap after GC, per process, in journal order. */
	final Map<Incarnation, List<Long>> heap = new LinkedHashMap<>();

	/** Task of each message id received. */
	private final Map<String, TaskKey> tasksByMessage = new HashMap<>();

	ChaosAccounting(List<Incarnation> incarnations) throws IOException {
		for (Incarnation incarnation : incarnations) {
			read(incarnation);
		}
		this.events.sort(Comparator.comparingLong(Event::seq));
		this.receipts.values().forEach((list) -> list.sort(Comparator.comparingLong(Receipt::millis)));
	}

	private void read(Incarnation incarnation) throws IOException {
		Set<Long> releasedHere = new HashSet<>();
		List<Long> times = new ArrayList<>();
		List<Long> samples = new ArrayList<>();
		if (Files.exists(incarnation.journal())) {
			for (String line : Files.readAllLines(incarnation.journal())) {
				String[] f = line.split(" ");
				switch (f[0]) {
					case "S" -> {
						TaskKey task = new TaskKey(f[2], Integer.parseInt(f[3]));
						this.events.add(new Event(Long.parseLong(f[1]), task, true, Integer.parseInt(f[4]),
								Integer.parseInt(f[5]), f[6], Integer.parseInt(f[7]), null, incarnation));
						this.tasksByMessage.put(f[6], task);
					}
					case "E" -> this.events.add(new Event(Long.parseLong(f[1]),
							new TaskKey(f[2], Integer.parseInt(f[3])), false, -1, -1, null, 0, f[4], incarnation));
					case "R" -> {
						long millis = Long.parseLong(f[1]);
						times.add(millis);
						for (int i = 2; i < f.length; i++) {
							String[] parts = f[i].split("/");
							this.receipts.computeIfAbsent(parts[0], (key) -> new ArrayList<>())
								.add(new Receipt(millis, incarnation, Long.parseLong(parts[1])));
							String[] task = parts[2].split(":");
							this.tasksByMessage.putIfAbsent(parts[0], new TaskKey(task[0], Integer.parseInt(task[1])));
						}
					}
					case "X" -> {
						for (int i = 1; i < f.length; i++) {
							releasedHere.add(Long.parseLong(f[i]));
						}
					}
					case "H" -> samples.add(Long.parseLong(f[2]));
					default -> throw new IllegalStateException("Unreadable journal line in " + incarnation + ": " + line);
				}
			}
		}
		this.released.put(incarnation, releasedHere);
		this.receiveTimes.put(incarnation, times);
		this.heap.put(incarnation, samples);
	}

	/**
	 * The messages a process held when it was killed: the last receive of each before the kill, by anyone, was this
	 * process's, and it had neither deleted it nor given it back. Messages it had put back for a retry count as held.
	 * @param incarnation the killed process
	 * @param killMillis when it was killed
	 * @return their message ids
	 */
	Set<String> heldAt(Incarnation incarnation, long killMillis) {
		Set<String> held = new HashSet<>();
		Set<Long> releasedHere = this.released.get(incarnation);
		this.receipts.forEach((messageId, list) -> {
			Receipt last = null;
			for (Receipt receipt : list) {
				if (receipt.millis() <= killMillis) {
					last = receipt;
				}
			}
			if (last != null && last.incarnation().equals(incarnation) && !releasedHere.contains(last.handle())) {
				held.add(messageId);
			}
		});
		return held;
	}

	/** The task a message id carried, if it was received. */
	@Nullable TaskKey taskOf(String messageId) {
		return this.tasksByMessage.get(messageId);
	}

	/** Successful handler runs per task. */
	Map<TaskKey, Integer> successes() {
		Map<TaskKey, Integer> successes = new HashMap<>();
		this.events.stream()
			.filter((event) -> !event.start() && "ok".equals(event.outcome()))
			.forEach((event) -> successes.merge(event.task(), 1, Integer::sum));
		return successes;
	}

	/** Handler runs (starts) in all. */
	long runs() {
		return this.events.stream().filter(Event::start).count();
	}

	/**
	 * FIFO violations: per group, a message whose handler started before an earlier message of its group had
	 * finished (its run that succeeded or gave up; for a message the broker moved after a kill cut its last run, its
	 * last event), and first successful runs out of send order.
	 * @param skipped earlier messages that never ran and are not waited for (counted apart)
	 * @return the violations
	 */
	List<FifoViolation> fifoViolations(Set<TaskKey> skipped) {
		Map<Integer, Map<Integer, Long>> finished = new HashMap<>();
		Map<Integer, Map<Integer, Long>> lastEvent = new HashMap<>();
		Map<Integer, Integer> groupOf = new HashMap<>();
		Map<Integer, Integer> indexOf = new HashMap<>();
		for (Event event : this.events) {
			if (!event.task().queue().equals(FIFO)) {
				continue;
			}
			if (event.start()) {
				groupOf.put(event.task().id(), event.group());
				indexOf.put(event.task().id(), event.index());
			}
		}
		for (Event event : this.events) {
			if (!event.task().queue().equals(FIFO)) {
				continue;
			}
			int id = event.task().id();
			int group = groupOf.get(id);
			lastEvent.computeIfAbsent(group, (key) -> new HashMap<>()).put(indexOf.get(id), event.seq());
			if (!event.start() && Set.of("ok", "last", "fatal").contains(event.outcome())) {
				finished.computeIfAbsent(group, (key) -> new HashMap<>()).putIfAbsent(indexOf.get(id), event.seq());
			}
		}
		List<FifoViolation> violations = new ArrayList<>();
		Map<Integer, Integer> lastSucceeded = new HashMap<>();
		Set<TaskKey> succeeded = new HashSet<>();
		for (Event event : this.events) {
			if (!event.task().queue().equals(FIFO)) {
				continue;
			}
			int id = event.task().id();
			int group = groupOf.get(id);
			int index = indexOf.get(id);
			if (event.start()) {
				Map<Integer, Long> done = finished.getOrDefault(group, Map.of());
				Map<Integer, Long> last = lastEvent.getOrDefault(group, Map.of());
				for (int earlier = 0; earlier < index; earlier++) {
					Long end = done.containsKey(earlier) ? done.get(earlier) : last.get(earlier);
					if (end == null && skipped.contains(new TaskKey(FIFO, earlier * ChaosTests.FIFO_GROUPS + group))) {
						// Never ran: moved to the dead-letter queue by the broker (counted apart).
						continue;
					}
					if (end == null || end > event.seq()) {
						TaskKey unfinished = new TaskKey(FIFO, earlier * ChaosTests.FIFO_GROUPS + group);
						violations.add(new FifoViolation("group " + group + ": message " + index + " (task " + id
								+ ", attempt " + event.attempt() + ") started at " + event.seq() + " in " + event.incarnation()
								+ " while message " + earlier + " was unfinished (finished at " + end + ")",
								gaveBack(event.incarnation(), unfinished)));
						break;
					}
				}
			}
			else if ("ok".equals(event.outcome()) && succeeded.add(event.task())) {
				Integer previous = lastSucceeded.put(group, index);
				if (previous != null && previous > index) {
					violations.add(new FifoViolation(
							"group " + group + ": message " + index + " succeeded after message " + previous,
							gaveBack(event.incarnation(), new TaskKey(FIFO, previous * ChaosTests.FIFO_GROUPS + group))
									|| gaveBack(event.incarnation(), event.task())));
				}
			}
		}
		return violations;
	}

	/**
	 * How long after a restore each process that lived through the outage received again.
	 * @param cutMillis when the outage began
	 * @param restoreMillis when it ended
	 * @param incarnations the processes
	 * @return milliseconds per process that was up from the cut until 30 s after the restore (or its end); -1 where it
	 * never received again while it lived
	 */
	Map<Incarnation, Long> resumeMillis(long cutMillis, long restoreMillis, List<Incarnation> incarnations) {
		Map<Incarnation, Long> resumed = new TreeMap<>(Comparator.comparing(Incarnation::toString));
		for (Incarnation incarnation : incarnations) {
			List<Long> times = this.receiveTimes.get(incarnation);
			// A process whose first receive came after the cut was starting during the outage: nothing to resume.
			if (times.isEmpty() || times.get(0) > cutMillis || incarnation.endMillis() < restoreMillis) {
				continue;
			}
			long first = times.stream()
				.filter((millis) -> millis >= restoreMillis)
				.mapToLong(Long::longValue)
				.min()
				.orElse(-1);
			if (first >= 0) {
				resumed.put(incarnation, first - restoreMillis);
			}
			else if (incarnation.endMillis() - restoreMillis > 30_000) {
				resumed.put(incarnation, -1L);
			}
		}
		return resumed;
	}

	/** Whether a process gave a task's message back unprocessed (visibility 0, or a retry) at some point. */
	private boolean gaveBack(Incarnation incarnation, TaskKey task) {
		Set<Long> releasedThere = this.released.get(incarnation);
		for (Map.Entry<String, TaskKey> entry : this.tasksByMessage.entrySet()) {
			if (entry.getValue().equals(task)) {
				for (Receipt receipt : this.receipts.getOrDefault(entry.getKey(), List.of())) {
					if (receipt.incarnation().equals(incarnation) && releasedThere.contains(receipt.handle())) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Messages given back unprocessed (visibility 0, no handler run for that receive) at least {@code times} times:
	 * each give-back is a receive, and once they reach the queue's maximum, the broker's redrive moves the message to
	 * the dead-letter queue without a reason. The n-th receive of a message is its handler's attempt n.
	 * @param times the give-backs
	 * @return their tasks
	 */
	Set<TaskKey> givenBackUnprocessed(int times) {
		Map<String, Set<Integer>> attemptsRun = new HashMap<>();
		this.events.stream()
			.filter(Event::start)
			.forEach((event) -> attemptsRun.computeIfAbsent(event.messageId(), (key) -> new HashSet<>())
				.add(event.attempt()));
		Set<TaskKey> tasks = new HashSet<>();
		this.receipts.forEach((messageId, list) -> {
			TaskKey task = this.tasksByMessage.get(messageId);
			Set<Integer> run = attemptsRun.getOrDefault(messageId, Set.of());
			int givenBack = 0;
			for (int i = 0; i < list.size(); i++) {
				Receipt receipt = list.get(i);
				if (!run.contains(i + 1) && this.released.get(receipt.incarnation()).contains(receipt.handle())) {
					givenBack++;
				}
			}
			if (task != null && givenBack >= times) {
				tasks.add(task);
			}
		});
		return tasks;
	}

	/**
	 * Messages received again while a live worker still held them (received, neither deleted nor given back, and not
	 * killed before): their visibility ran out although the worker's heartbeat should have renewed it.
	 * @return their tasks
	 */
	Set<TaskKey> lapsedWhileHeld() {
		Set<TaskKey> tasks = new HashSet<>();
		this.receipts.forEach((messageId, list) -> {
			for (int i = 0; i + 1 < list.size(); i++) {
				Receipt held = list.get(i);
				Receipt again = list.get(i + 1);
				if (!this.released.get(held.incarnation()).contains(held.handle())
						&& held.incarnation().endMillis() > again.millis()) {
					TaskKey task = this.tasksByMessage.get(messageId);
					if (task != null) {
						tasks.add(task);
					}
				}
			}
		});
		return tasks;
	}

	/** Reads the task id out of a dead letter's body: a task's, or a poison message's (negative: -1 - n). */
	static int deadLetterId(String body) {
		Matcher poison = POISON.matcher(body);
		if (poison.find()) {
			return -1 - Integer.parseInt(poison.group(1));
		}
		Matcher id = ID.matcher(body);
		return id.find() ? Integer.parseInt(id.group(1)) : Integer.MIN_VALUE;
	}

	/** The reason the library gives for a task that its handler gave up on. */
	static @Nullable String expectedReason(int id) {
		return switch (Outcome.of(id)) {
			case ALWAYS_THROW -> "java.lang.IllegalStateException: task " + id + " always fails (after "
					+ ChaosWorker.MAX_RECEIVE_COUNT + " attempts)";
			case DO_NOT_RETRY -> "DoNotRetry: task " + id + " is refused";
			default -> null;
		};
	}

	/**
	 * A task: its queue ({@link #STANDARD} or {@link #FIFO}) and id.
	 *
	 * @param queue the queue
	 * @param id the id
	 */
	record TaskKey(String queue, int id) {
	}

	/**
	 * One worker process: worker {@code worker}'s {@code generation}th start.
	 *
	 * @param worker which of the workers
	 * @param generation how many times it had been started before
	 * @param journal its journal
	 * @param startMillis when it was started
	 * @param endMillis when it was killed or stopped
	 */
	record Incarnation(int worker, int generation, Path journal, long startMillis, long endMillis) {

		@Override
		public String toString() {
			return "worker " + this.worker + "." + this.generation;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Incarnation that && that.worker == this.worker
					&& that.generation == this.generation;
		}

		@Override
		public int hashCode() {
			return this.worker * 1000 + this.generation;
		}

	}

	/**
	 * A FIFO order violation.
	 *
	 * @param text what happened
	 * @param behindGiveBack whether the process that ran the later message had given the earlier one back: the
	 * group guard let a later message run after lifting its block (issue 21's third finding)
	 */
	record FifoViolation(String text, boolean behindGiveBack) {

		@Override
		public String toString() {
			return this.text + (this.behindGiveBack ? " (the earlier one given back by the same worker)" : "");
		}

	}

	private record Event(long seq, TaskKey task, boolean start, int group, int index, @Nullable String messageId,
			int attempt, @Nullable String outcome, Incarnation incarnation) {
	}

	private record Receipt(long millis, Incarnation incarnation, long handle) {
	}

}
