package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat against a broker that does not answer: no pile-up of requests, one warning per message.
 */
class VisibilityHeartbeatTests {

	private final VisibilityHeartbeat heartbeat = new VisibilityHeartbeat();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void stop() {
		logger().detachAppender(this.log);
		this.heartbeat.close();
	}

	@Test
	void aRenewalStillInFlightIsNotRepeatedAndFailingRenewalsAreLoggedOnce() throws InterruptedException {
		Renewals renewals = new Renewals();
		// A 1 s visibility timeout: a beat every 500 ms.
		VisibilityHeartbeat.Beat beat = this.heartbeat.start(renewals, Duration.ofSeconds(1), Duration.ofHours(1),
				"message m-1 on queue 'work'");

		await().atMost(Duration.ofSeconds(5)).until(() -> renewals.requests.size() == 1);
		Thread.sleep(1_600);
		// Three more beats have passed while the first renewal hung: none was sent.
		assertThat(renewals.requests).hasSize(1);

		renewals.requests.get(0)
			.completeExceptionally(SdkClientException.create("Unable to execute HTTP request: Read timed out"));
		await().atMost(Duration.ofSeconds(5)).until(() -> renewals.requests.size() == 2);
		renewals.requests.get(1).completeExceptionally(SdkClientException.create("Connection refused"));
		await().atMost(Duration.ofSeconds(5)).until(() -> renewals.requests.size() == 3);
		beat.stop();

		assertThat(this.log.list).hasSize(1);
		assertThat(this.log.list.get(0).getLevel()).isEqualTo(Level.WARN);
		assertThat(this.log.list.get(0).getFormattedMessage()).startsWith("Could not extend the visibility of message "
				+ "m-1 on queue 'work': SdkClientException: Unable to execute HTTP request: Read timed out");
		assertThat(this.log.list.get(0).getThrowableProxy()).isNull();
	}

	@Test
	void aMessageWaitingForAHandlerIsRenewedPastTheMaximumProcessingTimeWhichCountsFromTheHandlersStart() {
		Renewals renewals = Renewals.answering();
		// A beat every 500 ms; the limit, 600 ms, is shorter than the wait.
		VisibilityHeartbeat.Beat beat = this.heartbeat.startWaiting(renewals, Duration.ofSeconds(1),
				Duration.ofMillis(600), "message m-2 on queue 'work'");

		await().atMost(Duration.ofSeconds(10)).until(() -> renewals.requests.size() >= 4);
		assertThat(this.log.list).isEmpty();

		beat.handlerStarted();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.log.list.isEmpty());
		assertThat(this.log.list.get(0).getFormattedMessage())
			.isEqualTo("message m-2 on queue 'work' has run longer than PT0.6S; no longer extending its visibility");
		int renewed = renewals.requests.size();
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> renewals.requests.size() == renewed);
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(VisibilityHeartbeat.class);
	}

	/**
	 * A message's visibility whose renewals complete when the test says so.
	 */
	private static final class Renewals implements IntFunction<CompletableFuture<?>> {

		final List<CompletableFuture<Void>> requests = new CopyOnWriteArrayList<>();

		private boolean answer;

		static Renewals answering() {
			Renewals renewals = new Renewals();
			renewals.answer = true;
			return renewals;
		}

		@Override
		public CompletableFuture<Void> apply(int seconds) {
			CompletableFuture<Void> request = this.answer ? CompletableFuture.completedFuture(null)
					: new CompletableFuture<>();
			this.requests.add(request);
			return request;
		}

	}

}
