package io.github.sqstasks.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;
import io.github.sqstasks.producer.TestSqs;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one application on one broker, each running the same schedules: every tick's task runs once,
 * none is missed. One schedule targets a FIFO queue (deduplicated directly), the other a standard queue (through the
 * tick queue).
 */
class ThreeInstancesTests {

	private final List<String> runs = new CopyOnWriteArrayList<>();

	@Test
	void onTheInMemorySqsEachTickRunsOnceThoughEveryInstanceSendsIt() {
		ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
		InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient(clock);
		ApplicationContextRunner instance = application(ScheduleSupport.application(sqs, clock));
		List<ApplicationContext> instances = new ArrayList<>();
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			instances.addAll(List.of(first, second, third));
			List<ScheduleRunner> runners = instances.stream().map((context) -> context.getBean(ScheduleRunner.class))
				.toList();
			runners.forEach(ScheduleRunner::fireDue);
			for (int tick = 1; tick <= 10; tick++) {
				clock.advance(Duration.ofSeconds(1));
				runners.forEach(ScheduleRunner::fireDue);
				Instant now = clock.instant();
				// Every instance sent this tick of both schedules; SQS kept one of each.
				assertThat(runners).allSatisfy((runner) -> assertThat(runner.schedules())
					.allSatisfy((status) -> assertThat(status.lastTick()).isEqualTo(now)));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> this.runs.size() >= 22);
			await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messages("sqs-tasks-ticks.fifo").isEmpty()
					&& sqs.messages("reports").isEmpty() && sqs.messages("reports.fifo").isEmpty());
		})));

		Map<String, Long> byRun = this.runs.stream().collect(Collectors.groupingBy(Function.identity(),
				TreeMap::new, Collectors.counting()));
		assertThat(byRun.values()).as("runs per tick").containsOnly(1L);
		assertThat(ticks("standard")).hasSize(11).isEqualTo(everySecond(ticks("standard")));
		assertThat(ticks("fifo")).hasSize(11).isEqualTo(everySecond(ticks("fifo")));
	}

	@Test
	void onElasticMqEachTickRunsOnceAndNoneIsMissed() {
		SqsAsyncClient sqs = TestSqs.client();
		ApplicationContextRunner instance = application(ScheduleSupport.application(sqs, Clock.systemUTC())
			.withPropertyValues("sqs-tasks.queue-prefix=" + TestSqs.uniquePrefix()));
		instance.run((first) -> instance.run((second) -> instance.run((third) -> {
			// All three running, for at least 8 ticks of each schedule.
			Instant allRunning = Instant.now();
			await().atMost(Duration.ofSeconds(40))
				.until(() -> ticks("standard").stream().filter((tick) -> tick.isAfter(allRunning)).count() >= 8
						&& ticks("fifo").stream().filter((tick) -> tick.isAfter(allRunning)).count() >= 8);
			for (ApplicationContext context : List.of(first, second, third)) {
				assertThat(context.getBean(ScheduleRunner.class).schedules())
					.allSatisfy((status) -> assertThat(status.lastTick()).isAfter(allRunning));
			}
		})));

		Map<String, Long> byRun = this.runs.stream().collect(Collectors.groupingBy(Function.identity(),
				TreeMap::new, Collectors.counting()));
		assertThat(byRun.values()).as("runs per tick: %s", byRun).containsOnly(1L);
		assertThat(ticks("standard")).as("no tick missed").isEqualTo(everySecond(ticks("standard")));
		assertThat(ticks("fifo")).as("no tick missed").isEqualTo(everySecond(ticks("fifo")));
	}

	private ApplicationContextRunner application(ApplicationContextRunner base) {
		return base.withBean(Reports.class, () -> new Reports(this.runs))
			.withPropertyValues(ScheduleSupport.schedule("standard", "* * * * * *", "reports", "csv",
					"arguments.kind=standard"))
			.withPropertyValues(ScheduleSupport.schedule("fifo", "* * * * * *", "reports.fifo", "csv",
					"arguments.kind=fifo"));
	}

	/** The ticks whose task ran for one schedule, sorted. */
	private List<Instant> ticks(String kind) {
		return this.runs.stream()
			.filter((run) -> run.startsWith(kind + "@"))
			.map((run) -> Instant.parse(run.substring(kind.length() + 1)))
			.sorted()
			.toList();
	}

	/** Every second from the first to the last of the given ticks. */
	private static List<Instant> everySecond(List<Instant> ticks) {
		List<Instant> all = new ArrayList<>();
		if (!ticks.isEmpty()) {
			for (Instant tick = ticks.get(0); !tick.isAfter(ticks.get(ticks.size() - 1)); tick = tick.plusSeconds(1)) {
				all.add(tick);
			}
		}
		return all;
	}

	static class Reports {

		private final List<String> runs;

		Reports(List<String> runs) {
			this.runs = runs;
		}

		@SqsTask(queue = "reports", name = "render")
		void render(String kind, String format, TaskContext context) {
			this.runs.add(kind + "@" + context.get(ScheduleRunner.TICK_KEY));
		}

		@SqsTask(queue = "reports.fifo", name = "render")
		void renderInOrder(String kind, String format, TaskContext context) {
			this.runs.add(kind + "@" + context.get(ScheduleRunner.TICK_KEY));
		}

	}

}
