package io.github.sqstasks.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.sqstasks.memory.ManualClock;
import io.github.sqstasks.retry.BackoffPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive stage against a broker the test answers by hand, on the manual clock: back-off during an outage,
 * the ramp of receives on a backlog, and the room the hold has.
 */
class ReceiveStageTests {

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final ManualClock clock = new ManualClock(START);

	private final Broker broker = new Broker();

	/** Handlers that never run: the messages handed to them stay in their hands. */
	private final List<Runnable> handed = new ArrayList<>();

	@Test
	void anOutageIsRetriedWithBackOffOnTheClockAndEndsAtTheFirstAnswer() {
		QueuePipeline pipeline = pipeline(2, 8);
		this.broker.failing = true;
		pipeline.start(Duration.ofSeconds(30));

		this.clock.advance(Duration.ofSeconds(40));
		// one receive at a time: at 0 s, then after 1, 2, 4, 8, 10, 10 s of back-off
		assertThat(this.broker.sentAt).containsExactly(START, at(1), at(3), at(7), at(15), at(25), at(35));

		this.broker.failing = false;
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.broker.sentAt).hasSize(8).endsWith(at(45));
		// the receive at 45 s is answered (empty): the next one goes at once, a long poll again
		this.broker.last().complete(ReceiveMessageResponse.builder().build());
		assertThat(this.broker.sentAt).hasSize(9).endsWith(at(45), at(45));
		assertThat(this.broker.requests.get(this.broker.requests.size() - 1).waitTimeSeconds()).isEqualTo(20);
	}

	@Test
	void aBacklogRampsUpReceivesInFlightAndTheExtraOnesDoNotLongPoll() {
		QueuePipeline pipeline = pipeline(300, 300);
		pipeline.start(Duration.ofSeconds(30));

		// one receive at a time for the first twenty full ones (a batch window's burst of a steady load of 500
		// tasks/s ends without extra receives)
		for (int i = 0; i < ReceiveStage.RAMP_AFTER; i++) {
			assertThat(this.broker.requests).hasSize(i + 1);
			this.broker.last().complete(full(10, i * 10));
		}
		assertThat(this.broker.requests).hasSize(ReceiveStage.RAMP_AFTER + 1);
		this.broker.last().complete(full(10, ReceiveStage.RAMP_AFTER * 10));
		// one more full receive: now two in flight, the second a short poll
		assertThat(this.broker.requests).hasSize(ReceiveStage.RAMP_AFTER + 3);
		assertThat(this.broker.requests.get(ReceiveStage.RAMP_AFTER + 1).waitTimeSeconds()).isEqualTo(20);
		assertThat(this.broker.requests.get(ReceiveStage.RAMP_AFTER + 2).waitTimeSeconds()).isZero();
		assertThat(this.handed).hasSize((ReceiveStage.RAMP_AFTER + 1) * 10);
	}

	@Test
	void aBacklogOfMessagesThatWaitedASecondRampsUpAfterFourFullReceives() {
		QueuePipeline pipeline = pipeline(300, 300);
		pipeline.start(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(5));
		// sent 900 ms ago: young enough for a steady load's batch window, so the twenty still apply
		for (int i = 0; i < ReceiveStage.RAMP_AFTER_OLD; i++) {
			this.broker.last().complete(full(10, i * 10, this.clock.instant().minusMillis(900)));
		}
		assertThat(this.broker.requests).hasSize(ReceiveStage.RAMP_AFTER_OLD + 1);
		// an empty receive ends that run; then a backlog sent 5 s ago: a second receive after the fourth full one
		this.broker.last().complete(ReceiveMessageResponse.builder().build());
		for (int i = 0; i <= ReceiveStage.RAMP_AFTER_OLD; i++) {
			assertThat(this.broker.requests).hasSize(ReceiveStage.RAMP_AFTER_OLD + 2 + i);
			this.broker.last().complete(full(10, 100 + i * 10, START));
		}
		assertThat(this.broker.requests).hasSize(2 * ReceiveStage.RAMP_AFTER_OLD + 4);
		assertThat(this.broker.requests.get(2 * ReceiveStage.RAMP_AFTER_OLD + 3).waitTimeSeconds()).isZero();
	}

	@Test
	void receivesAskForNoMoreThanTheHoldHasRoomFor() {
		QueuePipeline pipeline = pipeline(2, 3);
		pipeline.start(Duration.ofSeconds(30));

		assertThat(this.broker.requests.get(0).maxNumberOfMessages()).isEqualTo(5);
		this.broker.last().complete(full(5, 0));
		// two handed to handlers that do not finish, three held: no room, no receive
		assertThat(this.broker.requests).hasSize(1);
		assertThat(this.handed).hasSize(2);
		assertThat(pipeline.unfinished()).isEqualTo(5);
	}

	@Test
	void anEmptyShortPollEndsTheBacklogSoTheNextReceiveWaitsABatchWindow() {
		QueuePipeline pipeline = pipeline(300, 300, Duration.ofMillis(200));
		pipeline.start(Duration.ofSeconds(30));
		for (int i = 0; i <= ReceiveStage.RAMP_AFTER; i++) {
			this.broker.last().complete(full(10, i * 10));
		}
		int longPoll = ReceiveStage.RAMP_AFTER + 1;
		assertThat(this.broker.requests).hasSize(longPoll + 2);
		// the short poll beside the long one comes back empty: the backlog is gone
		this.broker.pending.get(longPoll + 1).complete(ReceiveMessageResponse.builder().build());
		this.broker.pending.get(longPoll).complete(ReceiveMessageResponse.builder().build());
		// so the next receive waits one batch window, rather than coming back with the first message to arrive
		assertThat(this.broker.requests).hasSize(longPoll + 2);
		this.clock.advance(Duration.ofMillis(200));
		assertThat(this.broker.requests).hasSize(longPoll + 3);
		assertThat(this.broker.requests.get(longPoll + 2).waitTimeSeconds()).isEqualTo(20);
	}

	private QueuePipeline pipeline(int concurrency, int prefetch) {
		return pipeline(concurrency, prefetch, Duration.ZERO);
	}

	private QueuePipeline pipeline(int concurrency, int prefetch, Duration receiveBatchWindow) {
		QueueSettings settings = new QueueSettings("work", concurrency, prefetch, Duration.ofSeconds(20),
				receiveBatchWindow, null, null, 5, BackoffPolicy.exponential(Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						false), false, Duration.ofHours(1));
		MessageDeleter deleter = new MessageDeleter(this.broker, this.clock.scheduler(), Duration.ZERO, 10);
		return new QueuePipeline(settings, "http://localhost/000000000000/work", this.broker, this.clock.scheduler(),
				this.handed::add, new VisibilityHeartbeat(this.clock.scheduler()), deleter,
				new QueueActivity(this.clock, Long.MAX_VALUE), false,
				new OutcomeStage.Shared(null, null, null, null, null, null, null));
	}

	private Instant at(int seconds) {
		return START.plusSeconds(seconds);
	}

	private static ReceiveMessageResponse full(int count, int from) {
		return ReceiveMessageResponse.builder()
			.messages(IntStream.range(from, from + count)
				.mapToObj((i) -> Message.builder().messageId("m-" + i).receiptHandle("r-" + i).body("{}").build())
				.toList())
			.build();
	}

	private static ReceiveMessageResponse full(int count, int from, Instant sent) {
		return ReceiveMessageResponse.builder()
			.messages(IntStream.range(from, from + count)
				.mapToObj((i) -> Message.builder()
					.messageId("m-" + i)
					.receiptHandle("r-" + i)
					.body("{}")
					.attributesWithStrings(Map.of("SentTimestamp", Long.toString(sent.toEpochMilli())))
					.build())
				.toList())
			.build();
	}

	/**
	 * Receives the test completes; visibility changes answered at once.
	 */
	private final class Broker implements SqsAsyncClient {

		final List<ReceiveMessageRequest> requests = new CopyOnWriteArrayList<>();

		final List<Instant> sentAt = new CopyOnWriteArrayList<>();

		final List<CompletableFuture<ReceiveMessageResponse>> pending = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		CompletableFuture<ReceiveMessageResponse> last() {
			return this.pending.get(this.pending.size() - 1);
		}

		@Override
		public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
			this.requests.add(request);
			this.sentAt.add(ReceiveStageTests.this.clock.instant());
			if (this.failing) {
				return CompletableFuture.failedFuture(SdkClientException.create("Connection refused"));
			}
			CompletableFuture<ReceiveMessageResponse> response = new CompletableFuture<>();
			this.pending.add(response);
			return response;
		}

		@Override
		public CompletableFuture<ChangeMessageVisibilityResponse> changeMessageVisibility(
				ChangeMessageVisibilityRequest request) {
			return CompletableFuture.completedFuture(ChangeMessageVisibilityResponse.builder().build());
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
