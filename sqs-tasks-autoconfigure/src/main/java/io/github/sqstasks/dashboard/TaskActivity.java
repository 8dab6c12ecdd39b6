package io.github.sqstasks.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.sqstasks.TaskInterceptor;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.listener.TaskCounters;
import io.github.sqstasks.listener.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Keeps, per queue and task, how many messages this instance handled and how long they waited (from enqueue to the
 * handler's start) in the last {@value #BUCKETS} buckets of {@value #BUCKET_SECONDS} seconds, for the dashboard's
 * charts. Each task has a fixed ring of buckets, and only registered task names (or
 * {@link TaskRegistry#UNKNOWN_TASK}) become keys, so memory stays bounded whatever producers send.
 * <p>
 * Outcomes are put in the bucket of the moment they happen, on the sqs-tasks clock, rather than sampled by a timer:
 * no thread of its own, and tests that move the clock see the buckets move with it.
 */
final class TaskActivity implements TaskInterceptor, TaskCounters.Listener {

	/** The width of a bucket. */
	static final int BUCKET_SECONDS = 10;

	/** How many buckets a task keeps: ten minutes. */
	static final int BUCKETS = 60;

	private static final long BUCKET_MILLIS = BUCKET_SECONDS * 1000L;

	private final Clock clock;

	private final TaskRegistry registry;

	private final Map<Key, Ring> rings = new ConcurrentHashMap<>();

	TaskActivity(Clock clock, TaskRegistry registry) {
		this.clock = clock;
		this.registry = registry;
	}

	@Override
	public void recorded(String queue, String task, TaskOutcome outcome) {
		ring(queue, task).handled(bucket(), outcome != TaskOutcome.SUCCEEDED);
	}

	@Override
	public void beforeTask(TaskMessage message) {
		Instant sentAt = message.sentAt();
		if (sentAt == null) {
			return;
		}
		Instant now = this.clock.instant();
		long waited = Math.max(0, Duration.between(sentAt, now).toMillis());
		String task = this.registry.countedName(message.queue(), message.taskName());
		ring(message.queue(), task).waited(now.toEpochMilli() / BUCKET_MILLIS, waited);
	}

	/**
	 * Returns a task's last buckets, oldest first, ending with the current one.
	 * @param queue the queue name without prefix
	 * @param task the task name as counted
	 * @return {@value #BUCKETS} points
	 */
	List<Point> history(String queue, String task) {
		Ring ring = this.rings.get(new Key(queue, task));
		long current = bucket();
		if (ring == null) {
			List<Point> empty = new ArrayList<>(BUCKETS);
			for (int i = 0; i < BUCKETS; i++) {
				empty.add(new Point(0, 0, null));
			}
			return empty;
		}
		return ring.points(current);
	}

	private long bucket() {
		return this.clock.millis() / BUCKET_MILLIS;
	}

	private Ring ring(String queue, String task) {
		return this.rings.computeIfAbsent(new Key(queue, task), (key) -> new Ring());
	}

	/**
	 * One bucket of a task.
	 *
	 * @param perSecond messages handled per second, every outcome
	 * @param failedPerSecond of those, the ones that did not succeed (retried, dead-lettered, failed)
	 * @param latencyMillis the mean time from enqueue to the handler's start, or {@code null} when none started
	 */
	record Point(double perSecond, double failedPerSecond, @Nullable Long latencyMillis) {
	}

	private record Key(String queue, String task) {
	}

	/**
	 * A fixed ring of buckets; a slot whose bucket number is not the asked one is stale and counts as empty.
	 */
	private static final class Ring {

		private final long[] buckets = new long[BUCKETS];

		private final long[] handled = new long[BUCKETS];

		private final long[] failed = new long[BUCKETS];

		private final long[] waitedMillis = new long[BUCKETS];

		private final long[] started = new long[BUCKETS];

		Ring() {
			Arrays.fill(this.buckets, Long.MIN_VALUE);
		}

		synchronized void handled(long bucket, boolean failure) {
			int slot = slot(bucket);
			if (slot < 0) {
				return;
			}
			this.handled[slot]++;
			if (failure) {
				this.failed[slot]++;
			}
		}

		synchronized void waited(long bucket, long millis) {
			int slot = slot(bucket);
			if (slot < 0) {
				return;
			}
			this.waitedMillis[slot] += millis;
			this.started[slot]++;
		}

		synchronized List<Point> points(long current) {
			List<Point> points = new ArrayList<>(BUCKETS);
			for (long bucket = current - BUCKETS + 1; bucket <= current; bucket++) {
				int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
				if (this.buckets[slot] != bucket) {
					points.add(new Point(0, 0, null));
					continue;
				}
				Long latency = (this.started[slot] > 0) ? this.waitedMillis[slot] / this.started[slot] : null;
				points.add(new Point((double) this.handled[slot] / BUCKET_SECONDS,
						(double) this.failed[slot] / BUCKET_SECONDS, latency));
			}
			return points;
		}

		/**
		 * Returns the slot of a bucket, emptied when it held an older one, or -1 when it already holds a newer one
		 * (an outcome recorded late, after a clock moved on by a whole ring).
		 */
		private int slot(long bucket) {
			int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
			if (this.buckets[slot] > bucket) {
				return -1;
			}
			if (this.buckets[slot] != bucket) {
				this.buckets[slot] = bucket;
				this.handled[slot] = 0;
				this.failed[slot] = 0;
				this.waitedMillis[slot] = 0;
				this.started[slot] = 0;
			}
			return slot;
		}

	}

}
