package io.github.sqstasks.test.slice;

import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @Nested} class inherits its enclosing class's {@code @SqsTaskTest}: the same context, with the same
 * listed tasks, properties and filters.
 */
@SqsTaskTest(tasks = SqsTaskTestPropertiesTests.Greetings.class, properties = "greetings.queue=nested-hello",
		useDefaultFilters = false, includeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
				type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE, classes = AuditTasks.class))
class SqsTaskTestNestedTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	SqsTaskTestPropertiesTests.Greetings greetings;

	@Test
	void theEnclosingClassHasItsSlice() {
		assertThat(this.context.getBeanNamesForType(AuditTasks.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(InvoiceTasks.class)).isEmpty();
	}

	@Nested
	class InANestedClass {

		@Autowired
		ApplicationContext context;

		@Autowired
		SqsTaskTestPropertiesTests.Greetings greetings;

		@Autowired
		SqsTaskTemplate tasks;

		@Autowired
		InMemorySqs sqs;

		@Test
		void theContextIsTheEnclosingClasssContext() {
			assertThat(this.context).isSameAs(SqsTaskTestNestedTests.this.context);
		}

		@Test
		void theListedTasksAreTheEnclosingClasssBeans() {
			assertThat(this.greetings).isSameAs(SqsTaskTestNestedTests.this.greetings);
		}

		@Test
		void theFiltersAreTheEnclosingClasss() {
			assertThat(this.context.getBeanNamesForType(AuditTasks.class)).hasSize(1);
			assertThat(this.context.getBeanNamesForType(InvoiceTasks.class)).isEmpty();
		}

		@Test
		void thePropertiesAreTheEnclosingClasss() {
			this.sqs.clear();
			this.greetings.greeted.clear();
			this.tasks.addJob("nested-hello", "greet", Map.of("name", "bo"));

			this.sqs.processUntilIdle();

			assertThat(this.greetings.greeted).containsExactly("bo");
		}

	}

}
