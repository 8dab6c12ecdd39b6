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
