package io.github.sqstasks.schedule;

import java.time.Instant;

import io.github.sqstasks.actuate.ScheduleReport;
import io.github.sqstasks.actuate.SqsTasksActuatorAutoConfiguration;
import io.github.sqstasks.actuate.SqsTasksEndpoint;
import io.github.sqstasks.memory.InMemorySqsAsyncClient;
import io.github.sqstasks.memory.ManualClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sqstasks} endpoint lists each schedule with its next tick and the last tick this instance enqueued.
 */
class ScheduleReportTests {

	@Test
	void theReportShowsTheNextTickAndAfterItTheLastEnqueue() {
		ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
		ScheduleSupport.application(new InMemorySqsAsyncClient(clock), clock)
			.withConfiguration(AutoConfigurations.of(SqsTasksActuatorAutoConfiguration.class))
			.withUserConfiguration(ScheduleTests.Reports.class)
			.withPropertyValues("management.endpoints.web.exposure.include=sqstasks",
					"sqs-tasks.listener.enabled=false")
			.withPropertyValues(ScheduleSupport.schedule("nightly", "0 0 2 * * *", "reports", "pdf",
					"zone=Europe/Berlin"))
			.run((context) -> {
				SqsTasksEndpoint endpoint = context.getBean(SqsTasksEndpoint.class);
				assertThat(endpoint.queues().schedules()).containsOnlyKeys("nightly");
				assertThat(endpoint.queues().schedules().get("nightly")).isEqualTo(new ScheduleReport("0 0 2 * * *",
						"Europe/Berlin", "reports", "render", true, Instant.parse("2030-01-01T01:00:00Z"), null, null,
						null));

				clock.set(Instant.parse("2030-01-01T01:00:00.300Z"));
				context.getBean(ScheduleRunner.class).fireDue();

				assertThat(endpoint.queues().schedules().get("nightly")).isEqualTo(new ScheduleReport("0 0 2 * * *",
						"Europe/Berlin", "reports", "render", true, Instant.parse("2030-01-02T01:00:00Z"),
						Instant.parse("2030-01-01T01:00:00Z"), Instant.parse("2030-01-01T01:00:00.300Z"), null));
				assertThat(endpoint.queues().queues()).containsKey("sqs-tasks-ticks.fifo");
			});
	}

}
