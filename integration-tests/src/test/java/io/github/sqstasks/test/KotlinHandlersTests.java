package io.github.sqstasks.test;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.module.kotlin.KotlinModule;
import io.github.sqstasks.kotlin.KotlinTasks;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A handler class written in Kotlin ({@code src/test/kotlin}): a nullable parameter may be left out, a parameter's
 * default value applies when its argument is absent, and data classes bind with Jackson's Kotlin module.
 */
@SqsTaskTest(tasks = { KotlinTasks.class, KotlinHandlersTests.JacksonKotlin.class })
class KotlinHandlersTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	KotlinTasks handlers;

	@BeforeEach
	void clear() {
		this.handlers.getSeen().clear();
	}

	@Test
	void aNullableParameterMayBeLeftOut() {
		this.tasks.addJob("kotlin", "greet", Map.of("name", "Ada"));
		this.tasks.addJob("kotlin", "greet", Map.of("name", "Grace", "title", "Dr"));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.getSeen()).containsExactlyInAnyOrder("greet Ada -", "greet Grace Dr");
		assertThat(this.sqs.enqueued("kotlin")).isEmpty();
	}

	@Test
	void aNonNullParameterWithoutDefaultIsRequired() {
		assertThatExceptionOfType(JobSendException.class)
			.isThrownBy(() -> this.tasks.addJob("kotlin", "greet", Map.of("title", "Dr")))
			.withMessageContaining("missing arguments [name] for handler io.github.sqstasks.kotlin.KotlinTasks#greet");
	}

	@Test
	void defaultValuesApplyToTheArgumentsLeftOut() {
		this.tasks.addJob("kotlin", "remind", Map.of("to", "bob"));
		this.tasks.addJob("kotlin", "remind", Map.of("to", "eve", "times", 3));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.getSeen()).containsExactlyInAnyOrder("remind bob: your order ships tomorrow x1",
				"remind eve: your order ships tomorrow x3");
		assertThat(this.tasks.run("kotlin", "remind", Map.of("to", "ann", "text", "hi")))
			.isEqualTo("remind ann: hi x1");
	}

	@Test
	void whatAHandlerThrowsWhenDefaultsApplyReachesTheCallerUnwrapped() {
		assertThatIllegalStateException().isThrownBy(() -> this.tasks.run("kotlin", "remind", Map.of("to", "boom")))
			.withMessage("boom");
	}

	@Test
	void dataClassesBindWithTheirOwnDefaults() {
		this.tasks.addJob("kotlin", "ship", Map.of("shipment", Map.of("sku", "book"), "more",
				List.of(Map.of("sku", "pen", "quantity", 2, "note", "gift"))));
		this.tasks.addJob("kotlin", "ship", Map.of("shipment", Map.of("sku", "mug", "quantity", 4)));
		this.sqs.processUntilIdle();

		assertThat(this.handlers.getSeen()).containsExactlyInAnyOrder(
				"ship Shipment(sku=book, quantity=1, note=null) [Shipment(sku=pen, quantity=2, note=gift)]",
				"ship Shipment(sku=mug, quantity=4, note=null) []");
	}

	/** What an application adds for Kotlin data classes: Jackson 2's Kotlin module as a bean. */
	@Configuration(proxyBeanMethods = false)
	static class JacksonKotlin {

		@Bean
		KotlinModule kotlinModule() {
			return new KotlinModule.Builder().build();
		}

	}

}
