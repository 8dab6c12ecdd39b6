package io.github.sqstasks.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receives that fail: what the listener container gets, how long it waits, and what is logged.
 */
class StoppableReceivesTests {

	private static final ReceiveMessageRequest POLL = ReceiveMessageRequest.builder()
		.queueUrl("http://localhost/000000000000/dev-work")
		.build();

	private final Broker broker = new Broker();

	private final StoppableReceives receives = new StoppableReceives(this.broker);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void stopCapturing() {
		logger().detachAppender(this.log);
	}

	@Test
	void aFailedReceiveIsAnEmptyPollAfterABackOffAndAnOutageIsLoggedOnceWhenItStartsAndOnceWhenItEnds() {
		this.broker.down.set(true);
		long start = System.nanoTime();
		ReceiveMessageResponse first = this.receives.receiveMessage(POLL).join();
		long firstMillis = (System.nanoTime() - start) / 1_000_000;
		start = System.nanoTime();
		ReceiveMessageResponse second = this.receives.receiveMessage(POLL).join();
		long secondMillis = (System.nanoTime() - start) / 1_000_000;
		this.broker.down.set(false);
		ReceiveMessageResponse third = this.receives.receiveMessage(POLL).join();

		assertThat(first.messages()).isEmpty();
		assertThat(second.messages()).isEmpty();
		assertThat(third.messages()).hasSize(1);
		// 1 s after the first failure, 2 s after the second: no hot loop against a broker that is down.
		assertThat(firstMillis).isGreaterThanOrEqualTo(900);
		assertThat(secondMillis).isGreaterThanOrEqualTo(1_900);
		assertThat(this.log.list).hasSize(2);
		ILoggingEvent down = this.log.list.get(0);
		assertThat(down.getLevel()).isEqualTo(Level.WARN);
		assertThat(down.getFormattedMessage()).startsWith("Cannot receive messages from queue 'dev-work': "
				+ "SdkClientException: Unable to execute HTTP request: Connection refused");
		assertThat(down.getThrowableProxy()).isNull();
		ILoggingEvent up = this.log.list.get(1);
		assertThat(up.getLevel()).isEqualTo(Level.INFO);
		assertThat(up.getFormattedMessage())
			.matches("Receiving messages from queue 'dev-work' again, after \\d+\\.\\d s and 2 failed receive\\(s\\)");
	}

	@Test
	void receivesInFlightWhenAnOutageBeginsEachWaitTheFirstStepAndTheNextReceiveTheSecond() {
		// A backlog keeps several receives in flight; the broker goes away and they fail together. Counted as five
		// steps they would wait 1, 2, 4, 8 and 10 s, and the worker would resume up to 10 s after the broker.
		this.broker.hold.set(true);
		List<CompletableFuture<ReceiveMessageResponse>> polls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			polls.add(this.receives.receiveMessage(POLL));
		}
		this.broker.hold.set(false);
		this.broker.down.set(true);
		long start = System.nanoTime();
		this.broker.failHeld();

		CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).join();
		long allMillis = (System.nanoTime() - start) / 1_000_000;
		start = System.nanoTime();
		this.receives.receiveMessage(POLL).join();
		long nextMillis = (System.nanoTime() - start) / 1_000_000;

		assertThat(allMillis).isBetween(900L, 1_900L);
		assertThat(nextMillis).isGreaterThanOrEqualTo(1_900);
		assertThat(this.log.list).filteredOn((event) -> event.getLevel() == Level.WARN).hasSize(1);
	}

	@Test
	void stoppingEndsTheBackOffOfAFailedReceiveAtOnce() {
		this.broker.down.set(true);
		CompletableFuture<ReceiveMessageResponse> poll = this.receives.receiveMessage(POLL);
		assertThat(poll).isNotDone();

		long start = System.nanoTime();
		this.receives.stopReceiving();

		assertThat(poll.join().messages()).isEmpty();
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(StoppableReceives.class);
	}

	/**
	 * A client whose receives fail while it is down, and return one message otherwise.
	 */
	private static final class Broker implements SqsAsyncClient {

		final AtomicBoolean down = new AtomicBoolean();

		/** While set, receives are held in flight until {@link #failHeld()}. */
		final AtomicBoolean hold = new AtomicBoolean();

		private final List<CompletableFuture<ReceiveMessageResponse>> held = new CopyOnWriteArrayList<>();

		void failHeld() {
			this.held.forEach((receive) -> receive.completeExceptionally(
					SdkClientException.create("Unable to execute HTTP request: Connection reset")));
		}

		private final AtomicInteger received = new AtomicInteger();

		@Override
		public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
			if (this.hold.get()) {
				CompletableFuture<ReceiveMessageResponse> receive = new CompletableFuture<>();
				this.held.add(receive);
				return receive;
			}
			if (this.down.get()) {
				return CompletableFuture.failedFuture(SdkClientException.create("Unable to execute HTTP request: "
						+ "Connection refused (SDK Attempt Count: 4)"));
			}
			Message message = Message.builder().messageId("m-" + this.received.incrementAndGet()).body("{}").build();
			return CompletableFuture
				.completedFuture(ReceiveMessageResponse.builder().messages(List.of(message)).build());
		}

		@Override
		public String serviceName() {
			return SERVICE_NAME;
		}

		@Override
		public void close() {
		}

	}

}
