package io.github.sqstasks.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import io.github.sqstasks.memory.ManualClock;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat's scheduling: it renews while it runs and keeps nothing once stopped.
 */
class VisibilityHeartbeatSchedulingTests {

	@Test
	void aBeatRenewsTheVisibilityEveryHalfTimeoutUntilStopped() {
		ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
		List<Integer> renewals = new CopyOnWriteArrayList<>();
		IntFunction<CompletableFuture<?>> visibility = (seconds) -> {
			renewals.add(seconds);
			return CompletableFuture.completedFuture(null);
		};
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(clock.scheduler())) {
			VisibilityHeartbeat.Beat beat = heartbeat.start(visibility, Duration.ofSeconds(1), Duration.ofHours(1),
					"message 1");
			clock.advance(Duration.ofMillis(499));
			assertThat(renewals).isEmpty();
			clock.advance(Duration.ofMillis(501));
			assertThat(renewals).containsExactly(1, 1);
			beat.stop();
			clock.advance(Duration.ofMinutes(1));
			assertThat(renewals).hasSize(2);
		}
	}

	@Test
	void beatsOfOnePeriodAreEachRenewedAtTheirOwnTimesAndAStoppedOneNeverAgain() {
		// the beats of one period share one wake-up on the scheduler; each must still be renewed on its own time
		ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
		Instant start = clock.instant();
		List<String> renewals = new CopyOnWriteArrayList<>();
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(clock.scheduler())) {
			VisibilityHeartbeat.Beat first = heartbeat.start(renewal("a", clock, start, renewals),
					Duration.ofSeconds(1), Duration.ofHours(1), "message a");
			clock.advance(Duration.ofMillis(100));
			heartbeat.start(renewal("b", clock, start, renewals), Duration.ofSeconds(1), Duration.ofHours(1),
					"message b");
			clock.advance(Duration.ofMillis(100));
			VisibilityHeartbeat.Beat third = heartbeat.start(renewal("c", clock, start, renewals),
					Duration.ofSeconds(1), Duration.ofHours(1), "message c");
			// another period beside them: a 4 s timeout is renewed every 2 s
			heartbeat.start(renewal("d", clock, start, renewals), Duration.ofSeconds(4), Duration.ofHours(1),
					"message d");
			clock.advance(Duration.ofMillis(100));
			first.stop();
			clock.advance(Duration.ofMillis(1_000));
			assertThat(renewals).containsExactly("b@600", "c@700", "b@1100", "c@1200");
			third.stop();
			clock.advance(Duration.ofMillis(1_000));
			assertThat(renewals).containsExactly("b@600", "c@700", "b@1100", "c@1200", "b@1600", "b@2100",
					"d@2200");
		}
	}

	@Test
	void stoppedBeatsLeaveNoStopOnTheWayOfAManualClock() {
		// Regression (HostileMessagesTests in CI): the shared wake-up of stopped beats stayed scheduled, so advancing
		// a manual clock stood still at its instant, where the listener could run retries due before the target.
		ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
		List<Instant> moves = new CopyOnWriteArrayList<>();
		clock.addListener(() -> moves.add(clock.instant()));
		IntFunction<CompletableFuture<?>> visibility = (seconds) -> CompletableFuture.completedFuture(null);
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(clock.scheduler())) {
			VisibilityHeartbeat.Beat first = heartbeat.start(visibility, Duration.ofSeconds(1), Duration.ofHours(1),
					"message 1");
			VisibilityHeartbeat.Beat second = heartbeat.start(visibility, Duration.ofSeconds(4), Duration.ofHours(1),
					"message 2");
			first.stop();
			second.stop();
			clock.advance(Duration.ofMinutes(1));
			assertThat(moves).containsExactly(Instant.parse("2030-01-01T00:01:00Z"));
		}
	}

	private static IntFunction<CompletableFuture<?>> renewal(String name, ManualClock clock, Instant start,
			List<String> renewals) {
		return (seconds) -> {
			renewals.add(name + "@" + Duration.between(start, clock.instant()).toMillis());
			return CompletableFuture.completedFuture(null);
		};
	}

	@Test
	void stoppedBeatsAreNotKeptUntilTheirNextRenewal() {
		// Regression (found by SoakTests): a stopped beat stayed queued until its next renewal, half a visibility
		// timeout later, so a long timeout kept one task for every message handled in between.
		IntFunction<CompletableFuture<?>> visibility = (seconds) -> CompletableFuture.completedFuture(null);
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.initialize();
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(scheduler)) {
			heartbeat.start(visibility, Duration.ofHours(12), Duration.ofHours(1), "warm-up").stop();
			long before = usedHeapAfterGc();
			for (int i = 0; i < 200_000; i++) {
				heartbeat.start(visibility, Duration.ofHours(12), Duration.ofHours(1), "message " + i).stop();
			}
			long growth = usedHeapAfterGc() - before;
			// Kept, they would take about 15 MB (some 75 bytes each).
			assertThat(growth).as("heap growth after 200,000 stopped beats, bytes").isLessThan(4L * 1024 * 1024);
		}
		finally {
			scheduler.shutdown();
		}
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
