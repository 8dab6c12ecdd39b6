package io.github.sqstasks.test.slice;

import io.github.sqstasks.autoconfigure.SqsTasksAutoConfiguration;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code excludeAutoConfiguration} takes an auto-configuration of the slice out: here sqs-tasks' own, so the
 * in-memory SQS is left without a template or listeners.
 */
@SqsTaskTest(excludeAutoConfiguration = SqsTasksAutoConfiguration.class)
class SqsTaskTestExcludeAutoConfigurationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theExcludedAutoConfigurationContributesNothing() {
		assertThat(this.context.getBeanNamesForType(SqsTaskTemplate.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(InMemorySqs.class)).hasSize(1);
	}

}
