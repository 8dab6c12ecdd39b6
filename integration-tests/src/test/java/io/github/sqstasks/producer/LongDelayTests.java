package io.github.sqstasks.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.TaskCodec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delays and delivery times beyond SQS's 15 minutes go out in hops that {@link DelayedDelivery} continues on the
 * consuming side; played out on ElasticMQ with a hand-moved clock and each hop's {@code DelaySeconds} recorded
 * instead of waited for.
 */
@SuppressWarnings("try")
class LongDelayTests {

	private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

	private final DelayRecorder recorder = new DelayRecorder();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder);

	private final MutableClock clock = new MutableClock(START);

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix, this.clock);

	private final DelayedDelivery delivery = new DelayedDelivery(this.sqs, this.clock);

	private final TaskCodec codec = new TaskCodec(TaskCodec.defaultObjectMapper());

	@Test
	void aDelayOfOverTwoHoursIsPlayedOutInHopsOfAtMostFifteenMinutes() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "reports", Map.of());
		Duration delay = Duration.ofHours(2).plusMinutes(10).plusSeconds(5);
		try (TaskContext.Scope scope = TaskContext.with("tenant", "acme")) {
			this.tasks.addJob("reports", "render", Map.of("id", 7), JobOptions.defaults().delay(delay));
		}

		Message due = playOut(url);

		List<Integer> hops = this.recorder.delays();
		assertThat(hops).hasSize(9);
		assertThat(hops.subList(0, 8)).containsOnly(900);
		assertThat(hops.get(8)).isEqualTo(605);
		assertThat(this.clock.instant()).isEqualTo(START.plus(delay));
		assertThat(due.body()).isEqualTo("{\"id\":7}");
		assertThat(due.messageAttributes()).containsOnlyKeys("JobName", "ContentType", "JobContext");
		assertThat(due.messageAttributes().get("JobName").stringValue()).isEqualTo("render");
		TaskContext context = this.codec.decodeContext(due.messageAttributes().get("JobContext").stringValue());
		assertThat(context.get(DelayedDelivery.NOT_BEFORE_KEY)).isEqualTo(Long.toString(START.plus(delay).toEpochMilli()));
		assertThat(DelayedDelivery.withoutReservedKeys(context).asMap()).isEqualTo(Map.of("tenant", "acme"));
	}

	@Test
	void aDeliveryTimeIsComputedWhenTheJobIsSent() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "reports", Map.of());
		JobOptions options = JobOptions.defaults().at(START.plus(Duration.ofMinutes(40)));
		this.clock.advance(Duration.ofMinutes(5));
		this.tasks.addJob("reports", "render", Map.of("id", 8), options);

		playOut(url);

		assertThat(this.recorder.delays()).containsExactly(900, 900, 300);
		assertThat(this.clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(40)));
	}

	@Test
	void delaysSqsCanApplyItselfCarryNoDeliveryTime() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "reports", Map.of());
		this.tasks.addJob("reports", "render", Map.of("id", 1), JobOptions.defaults().delay(Duration.ofMinutes(15)));
		this.tasks.addJob("reports", "render", Map.of("id", 2), JobOptions.defaults().at(START.plusSeconds(299).plusMillis(1)));
		this.tasks.addJob("reports", "render", Map.of("id", 3), JobOptions.defaults().at(START.minusSeconds(60)));

		assertThat(this.recorder.delays()).containsExactly(900, 300, 0);
		List<Message> messages = receiveAll(url, 3);
		assertThat(messages).allSatisfy((message) -> {
			assertThat(DelayedDelivery.notBefore(message)).isNull();
			assertThat(this.delivery.isDue(message)).isTrue();
			assertThat(this.delivery.deferIfNotDue(url, message)).isFalse();
		});
		assertThat(this.recorder.delays()).hasSize(3);
	}

	@Test
	void aMessageIsDueOnlyOnceItsTimeHasCome() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "reports", Map.of());
		this.tasks.addJob("reports", "render", Map.of("id", 1), JobOptions.defaults().delay(Duration.ofHours(1)));
		Message message = receiveAll(url, 1).get(0);

		assertThat(DelayedDelivery.notBefore(message)).isEqualTo(START.plus(Duration.ofHours(1)));
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.delivery.isDue(message)).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.delivery.isDue(message)).isTrue();
	}

	@Test
	void fifoQueuesRefuseDelaysAndFutureDeliveryTimes() {
		TestSqs.createQueue(this.sqs, this.prefix + "orders.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
		JobOptions fifo = JobOptions.defaults().deduplicationId("d-1");

		assertThatThrownBy(() -> this.tasks.addJob("orders.fifo", "ship", Map.of(), fifo.delay(Duration.ofSeconds(5))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("Cannot delay task 'ship' on FIFO queue 'orders.fifo'")
			.hasMessageContaining("do not support per-message delays");
		assertThatThrownBy(() -> this.tasks.addJob("orders.fifo", "ship", Map.of(), fifo.at(START.plusSeconds(3600))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("FIFO");
		assertThat(this.recorder.delays()).isEmpty();
	}

	@Test
	void rawJobsCannotWaitLongerThanSqsCanDelay() {
		TestSqs.createQueue(this.sqs, this.prefix + "cron", Map.of());

		assertThatThrownBy(() -> this.tasks.addRawJob("cron", "{}", JobOptions.defaults().delay(Duration.ofMinutes(16))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("Cannot delay a raw job on queue 'cron' beyond 900 s");
		this.tasks.addRawJob("cron", "{}", JobOptions.defaults().delay(Duration.ofMinutes(10)));
		assertThat(this.recorder.delays()).containsExactly(600);
	}

	private Message playOut(String url) {
		for (int hop = 0; hop < 50; hop++) {
			Message message = receiveAll(url, 1).get(0);
			this.clock.advance(Duration.ofSeconds(this.recorder.last()));
			if (!this.delivery.deferIfNotDue(url, message)) {
				return message;
			}
			this.sqs.deleteMessage((r) -> r.queueUrl(url).receiptHandle(message.receiptHandle())).join();
		}
		throw new AssertionError("The message never became due; hops: " + this.recorder.delays());
	}

	private List<Message> receiveAll(String url, int expected) {
		List<Message> messages = new java.util.ArrayList<>();
		for (int attempt = 0; attempt < 10 && messages.size() < expected; attempt++) {
			messages.addAll(TestSqs.receive(this.sqs, url));
		}
		assertThat(messages).hasSize(expected);
		return Collections.unmodifiableList(messages);
	}

}
