package io.github.sqstasks.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.sqstasks.reliability.ChaosAccounting.Incarnation;
import io.github.sqstasks.reliability.ChaosAccounting.TaskKey;
import io.github.sqstasks.reliability.ChaosFleet.Kill;
import io.github.sqstasks.reliability.ChaosSchedule.Kind;
import io.github.sqstasks.reliability.SoakTests.Outcome;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The end of a chaos run: accounts for every task from the workers' journals and the dead-letter queues, prints the
 * figures (and the row of RELIABILITY.md's table), then asserts.
 */
final class ChaosCheck {

	/**
	 * Whether the three listener findings of issue 21 fail the run ({@code -Dchaos.strict=true}); until they are fixed
	 * they are counted and printed; two are pinned by the disabled {@code FifoGroupBlockTests} and
	 * {@code VisibilityHeartbeatMarginTests}.
	 */
	private static final boolean STRICT = Boolean.getBoolean("chaos.strict");

	/** Heap growth allowed in one worker process from its early samples to its late ones. */
	private static final long HEAP_GROWTH = 8L * 1024 * 1024;

	/** Samples a process needs for its heap to be judged: about 20 s of it. */
	private static final int HEAP_SAMPLES = 10;

	private final ChaosSchedule schedule;

	private final ChaosFleet fleet;

	private final DeadLetters deadLetters;

	private final Set<Integer> sent;

	private final Set<Integer> failed;

	private final int slowTasks;

	private final int poison;

	private final List<long[]> outages;

	private final boolean drained;

	private final double seconds;

	private final int fifoResends;

	ChaosCheck(ChaosSchedule schedule, ChaosFleet fleet, DeadLetters deadLetters, Set<Integer> sent,
			Set<Integer> failed, int slowTasks, int poison, List<long[]> outages, boolean drained, double seconds,
			int fifoResends) {
		this.schedule = schedule;
		this.fleet = fleet;
		this.deadLetters = deadLetters;
		this.sent = sent;
		this.failed = failed;
		this.slowTasks = slowTasks;
		this.poison = poison;
		this.outages = outages;
		this.drained = drained;
		this.seconds = seconds;
		this.fifoResends = fifoResends;
	}

	void verify() throws Exception {
		List<Incarnation> incarnations = this.fleet.incarnations();
		ChaosAccounting journals = new ChaosAccounting(incarnations);
		Map<TaskKey, Integer> successes = journals.successes();

		// The messages each killed worker held: the bound of what can run twice.
		Set<String> heldAtKills = new HashSet<>();
		List<Integer> heldPerKill = new ArrayList<>();
		for (Kill kill : this.fleet.kills()) {
			Set<String> held = journals.heldAt(kill.incarnation(), kill.millis());
			heldPerKill.add(held.size());
			heldAtKills.addAll(held);
		}
		Set<TaskKey> tasksHeldAtKills = heldAtKills.stream()
			.map(journals::taskOf)
			.filter((task) -> task != null)
			.collect(Collectors.toSet());

		Set<TaskKey> tasks = new HashSet<>();
		this.sent.forEach((id) -> tasks.add(new TaskKey(ChaosAccounting.STANDARD, id)));
		for (int id = 0; id < ChaosTests.FIFO_TASKS; id++) {
			tasks.add(new TaskKey(ChaosAccounting.FIFO, id));
		}
		// A send that threw may have been enqueued all the same: then it is a task like the others.
		int failedButEnqueued = 0;
		for (int id : this.failed) {
			TaskKey task = new TaskKey(ChaosAccounting.STANDARD, id);
			if (successes.containsKey(task) || this.deadLetters.reasons.containsKey(task)) {
				tasks.add(task);
				failedButEnqueued++;
			}
		}

		List<TaskKey> lost = new ArrayList<>();
		List<TaskKey> bothOutcomes = new ArrayList<>();
		List<String> wrongOutcomes = new ArrayList<>();
		// Three findings of this run in the listener, counted apart (see RELIABILITY.md, issue 21): messages given
		// back unprocessed by a stale FIFO group block until the broker's redrive moved them; messages whose
		// visibility ran out while a live worker held them; a later message of a group run after the block was lifted
		// although an earlier one given back behind the retry had not run yet.
		Set<TaskKey> skipped = journals.givenBackUnprocessed(2);
		Set<TaskKey> lapsed = journals.lapsedWhileHeld();
		List<TaskKey> redrivenSkipped = new ArrayList<>();
		List<TaskKey> duplicatedLapsed = new ArrayList<>();
		List<TaskKey> redrivenNotHeld = new ArrayList<>();
		List<TaskKey> duplicatedNotHeld = new ArrayList<>();
		int duplicatesOfKills = 0;
		int succeeded = 0;
		int deadLettered = 0;
		int redriven = 0;
		int duplicates = 0;
		for (TaskKey task : tasks) {
			int ok = successes.getOrDefault(task, 0);
			List<@Nullable String> reasons = this.deadLetters.reasons.getOrDefault(task, List.of());
			if (ok > 1 || reasons.size() > 1) {
				int extra = Math.max(0, ok - 1) + Math.max(0, reasons.size() - 1);
				duplicates += extra;
				// a kill adds at most one run of a message the killed worker held; more runs have another cause
				int ofKill = tasksHeldAtKills.contains(task) ? Math.min(extra, 1) : 0;
				duplicatesOfKills += ofKill;
				if (extra == ofKill) {
					// all explained by the kill
				}
				else if (lapsed.contains(task)) {
					duplicatedLapsed.add(task);
				}
				else {
					duplicatedNotHeld.add(task);
				}
			}
			if (ok == 0 && reasons.isEmpty()) {
				lost.add(task);
			}
			else if (ok > 0 && !reasons.isEmpty()) {
				bothOutcomes.add(task);
			}
			else if (ok > 0) {
				succeeded++;
				if (!Outcome.of(task.id()).succeeds) {
					wrongOutcomes.add(task + " succeeded; its outcome is " + Outcome.of(task.id()));
				}
			}
			else {
				deadLettered++;
				String reason = reasons.get(0);
				if (reason == null) {
					// Moved by the queue's RedrivePolicy: its receive count ran out while a kill cut its attempts.
					redriven++;
					if (skipped.contains(task)) {
						redrivenSkipped.add(task);
					}
					else if (!tasksHeldAtKills.contains(task) && !lapsed.contains(task)) {
						redrivenNotHeld.add(task);
					}
				}
				else if (!reason.equals(ChaosAccounting.expectedReason(task.id()))) {
					wrongOutcomes.add(task + " (" + Outcome.of(task.id()) + ") dead-lettered with reason " + reason);
				}
			}
		}
		int poisonOnce = 0;
		for (int n = 0; n < this.poison; n++) {
			List<@Nullable String> reasons = this.deadLetters.poison.getOrDefault(n, List.of());
			if (reasons.size() == 1 && reasons.get(0) != null) {
				poisonOnce++;
			}
		}
		int bound = heldPerKill.stream().mapToInt(Integer::intValue).sum();
		List<ChaosAccounting.FifoViolation> allFifoViolations = journals.fifoViolations(skipped);
		List<ChaosAccounting.FifoViolation> fifoViolations = allFifoViolations.stream()
			.filter((violation) -> !violation.behindGiveBack())
			.toList();
		List<ChaosAccounting.FifoViolation> fifoBehindGiveBack = allFifoViolations.stream()
			.filter(ChaosAccounting.FifoViolation::behindGiveBack)
			.toList();

		// Resume after each outage, per worker process that lived through it.
		List<Long> resumes = new ArrayList<>();
		List<String> notResumed = new ArrayList<>();
		for (long[] outage : this.outages) {
			journals.resumeMillis(outage[0], outage[1], incarnations).forEach((incarnation, millis) -> {
				if (millis < 0) {
					notResumed.add(incarnation + " after the outage ending at " + outage[1]);
				}
				else {
					resumes.add(millis);
				}
			});
		}
		LongSummaryStatistics resume = resumes.stream().mapToLong(Long::longValue).summaryStatistics();

		// Heap after GC per worker process; growth judged on those that ran long enough.
		Map<String, String> heapRanges = new TreeMap<>();
		List<String> heapGrowth = new ArrayList<>();
		LongSummaryStatistics heap = new LongSummaryStatistics();
		journals.heap.forEach((incarnation, samples) -> {
			if (samples.size() < 3) {
				return;
			}
			// The first two samples are taken while the JVM warms up.
			List<Long> settled = samples.subList(2, samples.size());
			LongSummaryStatistics range = settled.stream().mapToLong(Long::longValue).summaryStatistics();
			heap.combine(range);
			heapRanges.put(incarnation.toString(),
					String.format("%.1f–%.1f MiB (%d)", mib(range.getMin()), mib(range.getMax()), settled.size()));
			if (settled.size() >= HEAP_SAMPLES) {
				long early = (settled.get(0) + settled.get(1) + settled.get(2)) / 3;
				int n = settled.size();
				long late = (settled.get(n - 1) + settled.get(n - 2) + settled.get(n - 3)) / 3;
				if (late - early > HEAP_GROWTH) {
					heapGrowth.add(incarnation + ": " + mib(early) + " → " + mib(late) + " MiB");
				}
			}
		});

		int tasksTotal = tasks.size();
		String faults = String.format("%d SIGKILL, %d SIGTERM, %d outages (%s s), %d latency phases, %d slow tasks/queue, %d poison",
				this.schedule.count(Kind.KILL), this.schedule.count(Kind.TERM), this.schedule.count(Kind.OUTAGE),
				this.schedule.faults()
					.stream()
					.filter((f) -> f.kind() == Kind.OUTAGE)
					.map((f) -> String.format("%.1f", f.millis() / 1000.0))
					.collect(Collectors.joining(", ")),
				this.schedule.count(Kind.LATENCY), this.slowTasks, this.poison);
		String result = String.format("Chaos result, seed %d, %.0f s: %s; tasks %,d (standard %,d sent, %,d threw, %d of those "
				+ "enqueued anyway; FIFO %,d in %d groups, %d sends repeated after throwing); handler runs %,d; "
				+ "succeeded %,d; dead-lettered %,d (%d moved by the broker's redrive); poison dead-lettered once "
				+ "with a reason %d of %d; lost %d; both outcomes %d; wrong outcomes %d; duplicates %d (%d of tasks held "
				+ "at a kill, bound %d: held at the kills %s; %d tasks run twice after their visibility ran out in a "
				+ "live worker %s; %d others); %d tasks given back unprocessed until redriven %s; FIFO violations %d (and %d "
				+ "behind a message the same worker gave back: %s); "
				+ "%d worker processes exited by themselves %s; resumed after "
				+ "outages in %s ms (n=%d, max %d; not resumed %d); SIGTERM exits %s; heap after GC %s; per process %s%n",
				this.schedule.seed(), this.seconds, faults, tasksTotal, this.sent.size(), this.failed.size(),
				failedButEnqueued, ChaosTests.FIFO_TASKS, ChaosTests.FIFO_GROUPS, this.fifoResends, journals.runs(),
				succeeded, deadLettered, redriven, poisonOnce, this.poison, lost.size(), bothOutcomes.size(),
				wrongOutcomes.size(), duplicates, duplicatesOfKills, bound, heldPerKill, duplicatedLapsed.size(),
				duplicatedLapsed, duplicatedNotHeld.size(), redrivenSkipped.size(), redrivenSkipped,
				fifoViolations.size(), fifoBehindGiveBack.size(), fifoBehindGiveBack, this.fleet.selfExits().size(),
				this.fleet.selfExits(), resumes, resumes.size(), resume.getCount() > 0 ? resume.getMax() : -1,
				notResumed.size(), this.fleet.termExits(),
				(heap.getCount() > 0) ? String.format("%.1f–%.1f MiB", mib(heap.getMin()), mib(heap.getMax())) : "-",
				heapRanges);
		String row = String.format("RELIABILITY.md row: | %d | %s | %,d | %,d | %,d (%d redriven, %d of them after give-backs) + %d "
				+ "poison | %d | %d (%d of killed workers' messages ≤ %d; %d after a lapsed visibility) | %d + %d | %s ms "
				+ "| %s |%n", this.schedule.seed(), faults, tasksTotal, succeeded, deadLettered, redriven,
				redrivenSkipped.size(), poisonOnce, lost.size(), duplicates, duplicatesOfKills, bound,
				duplicatedLapsed.size(), fifoViolations.size(), fifoBehindGiveBack.size(),
				resume.getCount() > 0 ? resume.getMin() + "–" + resume.getMax() : "-",
				(heap.getCount() > 0) ? String.format("%.1f–%.1f MiB", mib(heap.getMin()), mib(heap.getMax())) : "-");

		System.out.print(result + row);
		// With -Dchaos.dir the figures are kept beside the journals, whatever else writes the test's output file.
		if (System.getProperty("chaos.dir") != null) {
			Files.writeString(Path.of(System.getProperty("chaos.dir"), "results.txt"), result + row,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}

		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(this.drained).as("both queues drained").isTrue();
		softly.assertThat(lost).as("lost tasks (neither succeeded nor dead-lettered)").isEmpty();
		softly.assertThat(bothOutcomes).as("tasks that succeeded and were dead-lettered").isEmpty();
		softly.assertThat(wrongOutcomes).as("tasks whose outcome or reason is not their kind's").isEmpty();
		softly.assertThat(this.deadLetters.unreadable).as("dead letters of no task").isEmpty();
		softly.assertThat(poisonOnce).as("poison messages dead-lettered once with a reason").isEqualTo(this.poison);
		softly.assertThat(duplicatesOfKills).as("duplicate runs of tasks the killed workers held, bounded by what they "
				+ "held at their kills %s", heldPerKill).isLessThanOrEqualTo(bound);
		softly.assertThat(duplicatedNotHeld).as("tasks run twice that no killed worker held").isEmpty();
		softly.assertThat(redrivenNotHeld).as("tasks moved by the broker's redrive that no killed worker held")
			.isEmpty();
		softly.assertThat(fifoViolations).as("FIFO order violations").isEmpty();
		softly.assertThat(notResumed).as("workers that did not receive again after an outage").isEmpty();
		softly.assertThat(resumes).as("resume times").hasSizeGreaterThanOrEqualTo(this.outages.isEmpty() ? 0 : 1);
		softly.assertThat(this.fleet.termExits()).as("exit status after SIGTERM of a started worker")
			.allMatch((exit) -> !exit.started() || exit.status() == 143);
		// A worker that starts while the broker is cut off fails to start, as it is meant to (StartupFailureReportTests),
		// and is started again by the supervisor; a worker that was running must never exit by itself.
		softly.assertThat(this.fleet.selfExits()).as("worker processes that exited by themselves other than at start-up")
			.allMatch(ChaosFleet.SelfExit::startupFailure);
		softly.assertThat(heapGrowth).as("worker processes whose heap grew").isEmpty();
		if (STRICT) {
			softly.assertThat(duplicates).as("all duplicate runs, bounded by what the killed workers held at their "
					+ "kills %s", heldPerKill).isLessThanOrEqualTo(bound);
			softly.assertThat(duplicatedLapsed).as("tasks run twice after their visibility ran out in a live worker")
				.isEmpty();
			softly.assertThat(redrivenSkipped).as("tasks given back unprocessed until the broker's redrive moved them")
				.isEmpty();
			softly.assertThat(fifoBehindGiveBack).as("FIFO violations behind a message the same worker gave back")
				.isEmpty();
		}
		softly.assertAll();
	}

	private static double mib(long bytes) {
		return bytes / (1024.0 * 1024);
	}

	/**
	 * What the two dead-letter queues held: the reason of each copy, by task, and of each poison message.
	 */
	static final class DeadLetters {

		final Map<TaskKey, List<@Nullable String>> reasons = new HashMap<>();

		final Map<Integer, List<@Nullable String>> poison = new HashMap<>();

		final List<String> unreadable = new ArrayList<>();

		static DeadLetters drain(SqsAsyncClient sqs, String standardUrl, String fifoUrl) {
			DeadLetters deadLetters = new DeadLetters();
			deadLetters.read(sqs, standardUrl, ChaosAccounting.STANDARD);
			deadLetters.read(sqs, fifoUrl, ChaosAccounting.FIFO);
			return deadLetters;
		}

		private void read(SqsAsyncClient sqs, String url, String queue) {
			while (true) {
				List<Message> messages = sqs.receiveMessage((r) -> r.queueUrl(url)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(0)
					.visibilityTimeout(60)
					.messageAttributeNames("All")).join().messages();
				if (messages.isEmpty()) {
					return;
				}
				List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
				for (Message message : messages) {
					MessageAttributeValue reason = message.messageAttributes().get("FailureReason");
					String text = (reason != null) ? reason.stringValue() : null;
					int id = ChaosAccounting.deadLetterId(message.body());
					if (id == Integer.MIN_VALUE) {
						this.unreadable.add(message.body());
					}
					else if (id < 0) {
						this.poison.computeIfAbsent(-1 - id, (key) -> new ArrayList<>()).add(text);
					}
					else {
						this.reasons.computeIfAbsent(new TaskKey(queue, id), (key) -> new ArrayList<>()).add(text);
					}
					deletes.add(DeleteMessageBatchRequestEntry.builder()
						.id(Integer.toString(deletes.size()))
						.receiptHandle(message.receiptHandle())
						.build());
				}
				sqs.deleteMessageBatch((r) -> r.queueUrl(url).entries(deletes)).join();
			}
		}

	}

}
