package io.github.sqstasks.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat's scheduling: it renews while it runs and keeps nothing once stopped.
 */
class VisibilityHeartbeatSchedulingTests {

	@Test
	void aBeatRenewsTheVisibilityEveryHalfTimeoutUntilStopped() throws InterruptedException {
		List<Integer> renewals = new CopyOnWriteArrayList<>();
		IntFunction<CompletableFuture<?>> visibility = (seconds) -> {
			renewals.add(seconds);
			return CompletableFuture.completedFuture(null);
		};
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat()) {
			VisibilityHeartbeat.Beat beat = heartbeat.start(visibility, Duration.ofSeconds(1), Duration.ofHours(1),
					"message 1");
			await().atMost(Duration.ofSeconds(10)).until(() -> renewals.size() >= 2);
			beat.stop();
			int atStop = renewals.size();
			Thread.sleep(1200);
			// At most a renewal that was already running when it stopped; renewing on would add two in 1.2 s.
			assertThat(renewals.size()).isLessThanOrEqualTo(atStop + 1);
			assertThat(renewals).containsOnly(1);
		}
	}

	@Test
	void stoppedBeatsAreNotKeptUntilTheirNextRenewal() {
		// Regression (found by SoakTests): a stopped beat stayed queued until its next renewal, half a visibility
		// timeout later, so a long timeout kept one task for every message handled in between.
		IntFunction<CompletableFuture<?>> visibility = (seconds) -> CompletableFuture.completedFuture(null);
		try (VisibilityHeartbeat heartbeat = new VisibilityHeartbeat()) {
			heartbeat.start(visibility, Duration.ofHours(12), Duration.ofHours(1), "warm-up").stop();
			long before = usedHeapAfterGc();
			for (int i = 0; i < 200_000; i++) {
				heartbeat.start(visibility, Duration.ofHours(12), Duration.ofHours(1), "message " + i).stop();
			}
			long growth = usedHeapAfterGc() - before;
			// Kept, they would take about 15 MB (some 75 bytes each).
			assertThat(growth).as("heap growth after 200,000 stopped beats, bytes").isLessThan(4L * 1024 * 1024);
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
