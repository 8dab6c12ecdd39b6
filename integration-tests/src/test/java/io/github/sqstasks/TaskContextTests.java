package io.github.sqstasks;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Context scopes nest, restore what was current before them, and keep the logging MDC in step.
 */
class TaskContextTests {

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void outsideAnyScopeTheContextIsEmptyAndNeverNull() {
		assertThat(TaskContext.current()).isNotNull();
		assertThat(TaskContext.current().isEmpty()).isTrue();
		assertThat(TaskContext.current().get("anything")).isNull();
	}

	@Test
	void nestedScopesAddEntriesAndClosingOneRestoresTheOuterContextAndMdc() {
		MDC.put("user", "from-the-app");
		try (TaskContext.Scope outer = TaskContext.with("request_id", "r-1")) {
			assertThat(MDC.get("request_id")).isEqualTo("r-1");
			try (TaskContext.Scope inner = TaskContext.with(Map.of("request_id", "r-2", "user", "u-9"))) {
				assertThat(TaskContext.current().asMap()).isEqualTo(Map.of("request_id", "r-2", "user", "u-9"));
				assertThat(MDC.get("request_id")).isEqualTo("r-2");
				assertThat(MDC.get("user")).isEqualTo("u-9");
			}
			assertThat(TaskContext.current().asMap()).isEqualTo(Map.of("request_id", "r-1"));
			assertThat(MDC.get("request_id")).isEqualTo("r-1");
			assertThat(MDC.get("user")).isEqualTo("from-the-app");
		}
		assertThat(TaskContext.current().isEmpty()).isTrue();
		assertThat(MDC.get("request_id")).isNull();
		assertThat(MDC.get("user")).isEqualTo("from-the-app");
	}

	@Test
	void activatingAReceivedContextReplacesRatherThanMergesAndClosingTwiceIsHarmless() {
		try (TaskContext.Scope producer = TaskContext.with("tenant", "acme")) {
			TaskContext.Scope handler = TaskContext.of(Map.of("order_id", "o-1")).activate();
			assertThat(TaskContext.current().asMap()).isEqualTo(Map.of("order_id", "o-1"));
			assertThat(MDC.get("tenant")).isNull();
			handler.close();
			handler.close();
			assertThat(TaskContext.current().asMap()).isEqualTo(Map.of("tenant", "acme"));
			assertThat(MDC.get("tenant")).isEqualTo("acme");
		}
	}

}
