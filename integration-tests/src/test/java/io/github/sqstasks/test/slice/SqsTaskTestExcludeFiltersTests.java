package io.github.sqstasks.test.slice;

import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code excludeFilters} keeps a handler class that the default filters would scan out of the slice.
 */
@SqsTaskTest(excludeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = AuditTasks.class))
class SqsTaskTestExcludeFiltersTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Test
	void anExcludedHandlerClassIsNotInTheContext() {
		assertThat(this.context.getBeanNamesForType(AuditTasks.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(InvoiceTasks.class)).hasSize(1);
	}

	@Test
	void aJobForTheExcludedHandlerStaysOnItsQueue() {
		this.sqs.clear();
		// no handler, so sqs-tasks created no queue: the test creates it as another application would
		this.sqs.client().createQueue((queue) -> queue.queueName("audit")).join();
		this.tasks.addJob("audit", "record", Map.of("event", "login"));

		this.sqs.processUntilIdle();

		assertThat(this.sqs.enqueued("audit", "record")).singleElement()
			.satisfies((job) -> assertThat(job.receiveCount()).isZero());
	}

}
