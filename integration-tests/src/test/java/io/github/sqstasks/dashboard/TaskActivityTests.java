package io.github.sqstasks.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.TaskDefinitionFactory;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.listener.TaskOutcome;
import io.github.sqstasks.memory.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard's charts get: handled messages per second and the time from enqueue to start, per bucket of
 * ten seconds on the sqs-tasks clock, for the last ten minutes.
 */
class TaskActivityTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final TaskActivity activity = new TaskActivity(this.clock, registry());

	@Test
	void theLastBucketHoldsWhatWasHandledInItsTenSeconds() {
		for (int i = 0; i < 20; i++) {
			this.activity.recorded("emails", "send", (i < 15) ? TaskOutcome.SUCCEEDED : TaskOutcome.RETRIED);
		}

		TaskActivity.Point last = last(this.activity.history("emails", "send"));

		assertThat(last.perSecond()).isEqualTo(2.0);
		assertThat(last.failedPerSecond()).isEqualTo(0.5);
	}

	@Test
	void latencyIsTheMeanTimeFromEnqueueToStartInItsBucket() {
		this.activity.beforeTask(sentSecondsAgo(2));
		this.activity.beforeTask(sentSecondsAgo(4));

		assertThat(last(this.activity.history("emails", "send")).latencyMillis()).isEqualTo(3000);
	}

	@Test
	void bucketsMoveWithTheClockAndAnEmptyBucketHasNoLatency() {
		this.activity.recorded("emails", "send", TaskOutcome.SUCCEEDED);
		this.activity.beforeTask(sentSecondsAgo(1));
		this.clock.advance(Duration.ofSeconds(10));

		List<TaskActivity.Point> history = this.activity.history("emails", "send");

		assertThat(history).hasSize(TaskActivity.BUCKETS);
		assertThat(last(history).perSecond()).isZero();
		assertThat(last(history).latencyMillis()).isNull();
		assertThat(history.get(TaskActivity.BUCKETS - 2).perSecond()).isEqualTo(0.1);
		assertThat(history.get(TaskActivity.BUCKETS - 2).latencyMillis()).isEqualTo(1000);
	}

	@Test
	void afterTenMinutesABucketIsForgotten() {
		this.activity.recorded("emails", "send", TaskOutcome.SUCCEEDED);
		this.clock.advance(Duration.ofSeconds(10L * TaskActivity.BUCKETS));
		this.activity.recorded("emails", "send", TaskOutcome.DEAD_LETTERED);

		List<TaskActivity.Point> history = this.activity.history("emails", "send");

		assertThat(history.stream().mapToDouble(TaskActivity.Point::perSecond).sum()).isEqualTo(0.1);
		assertThat(last(history).failedPerSecond()).isEqualTo(0.1);
	}

	@Test
	void aTaskNameWithoutHandlerIsCountedUnderTheUnknownTaskSoProducersCannotGrowTheRings() {
		this.activity.beforeTask(new TaskMessage("m-1", "emails", "invented-by-a-producer", "{}", 1, Map.of(),
				TaskContext.empty(), this.clock.instant().minusSeconds(5)));

		assertThat(last(this.activity.history("emails", TaskRegistry.UNKNOWN_TASK)).latencyMillis()).isEqualTo(5000);
		assertThat(last(this.activity.history("emails", "invented-by-a-producer")).latencyMillis()).isNull();
	}

	private static TaskRegistry registry() {
		TaskRegistry registry = new TaskRegistry();
		Sender sender = new Sender();
		try {
			registry.register(new TaskDefinitionFactory(new ObjectMapper()).task("emails", "send", sender,
					Sender.class.getDeclaredMethod("send", String.class)));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		return registry;
	}

	private TaskMessage sentSecondsAgo(long seconds) {
		return new TaskMessage("m-" + seconds, "emails", "send", "{}", 1, Map.of(), TaskContext.empty(),
				this.clock.instant().minusSeconds(seconds));
	}

	static class Sender {

		void send(String to) {
		}

	}

	private static TaskActivity.Point last(List<TaskActivity.Point> history) {
		return history.get(history.size() - 1);
	}

}
