package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code properties} reach the environment before the context starts: a handler's queue placeholder resolves and
 * sqs-tasks is configured by them; {@code @TestPropertySource} overrides them.
 */
@SqsTaskTest(useDefaultFilters = false, tasks = SqsTaskTestPropertiesTests.Greetings.class,
		properties = { "greetings.queue=hello", "sqs-tasks.queue-prefix=qa-", "greetings.word=from-annotation" })
@TestPropertySource(properties = "greetings.word=from-test-property-source")
class SqsTaskTestPropertiesTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Greetings greetings;

	@Autowired
	Environment environment;

	@Test
	void aPropertyResolvesTheQueuePlaceholderOfAHandler() {
		this.sqs.clear();
		this.tasks.addJob("hello", "greet", Map.of("name", "ann"));

		this.sqs.processUntilIdle();

		assertThat(this.greetings.greeted).containsExactly("ann");
	}

	@Test
	void aPropertyConfiguresSqsTasks() {
		List<String> urls = this.sqs.client().listQueues().join().queueUrls();

		assertThat(urls).anySatisfy((url) -> assertThat(url).endsWith("/qa-hello"))
			.noneSatisfy((url) -> assertThat(url).endsWith("/hello"));
	}

	@Test
	void testPropertySourceOverridesTheAnnotationsProperties() {
		assertThat(this.environment.getProperty("greetings.word")).isEqualTo("from-test-property-source");
	}

	static class Greetings {

		final List<String> greeted = new CopyOnWriteArrayList<>();

		@SqsTask(queue = "${greetings.queue}")
		void greet(String name) {
			this.greeted.add(name);
		}

	}

}
