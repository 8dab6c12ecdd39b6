package io.github.sqstasks.test.slice;

import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code useDefaultFilters = false}: scanning keeps nothing, and the listed {@code tasks} are still registered.
 */
@SqsTaskTest(useDefaultFilters = false, tasks = AuditTasks.class)
class SqsTaskTestWithoutDefaultFiltersTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Test
	void noHandlerIsScanned() {
		assertThat(this.context.getBeanNamesForType(InvoiceTasks.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(FeedTasks.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(MonthlyReports.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(TaskJournal.class)).isEmpty();
	}

	@Test
	void aListedHandlerStillHandlesItsJobs() {
		this.sqs.clear();
		this.tasks.addJob("audit", "record", Map.of("event", "login"));

		this.sqs.processUntilIdle();

		assertThat(this.context.getBean(AuditTasks.class).events).containsExactly("login");
	}

}
