package io.github.sqstasks.listener;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failure reason is made to fit an attribute value.
 */
class FailureReasonsTests {

	@Test
	void aCutNeverSplitsACharacterAndStaysWithinTheBytes() {
		String reason = "\ud83d\ude00".repeat(10) + "\u00e9".repeat(10);

		String fitted = FailureReasons.fit(reason, 15 + 4 * 3 + 2);

		assertThat(fitted).isEqualTo("\ud83d\ude00".repeat(3) + "... (truncated)");
		assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(15 + 4 * 3 + 2);
	}

	@Test
	void aReasonThatFitsIsKeptWhole() {
		assertThat(FailureReasons.fit("DoNotRetry: blocked", 19)).isEqualTo("DoNotRetry: blocked");
	}

	@Test
	void noRoomForTheMarkerAndOneCharacterLeavesTheReasonOut() {
		assertThat(FailureReasons.fit("DoNotRetry: blocked", 15)).isNull();
		assertThat(FailureReasons.fit("DoNotRetry: blocked", -3)).isNull();
	}

	@Test
	void anEmptyReasonIsLeftOutBecauseSqsRefusesEmptyValues() {
		assertThat(FailureReasons.fit("", 1000)).isNull();
	}

}
