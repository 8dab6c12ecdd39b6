package io.github.sqstasks.producer;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jobs added in a Spring-managed transaction are sent after it commits, as batches, and never when it rolls back.
 */
@ExtendWith(OutputCaptureExtension.class)
@SuppressWarnings("try")
class AfterCommitTests {

	private final RecordingInterceptor recorder = new RecordingInterceptor();

	private final AtomicBoolean sqsDown = new AtomicBoolean();

	private final SqsAsyncClient sqs = TestSqs.client(this.recorder, new Outage(this.sqsDown));

	private final String prefix = TestSqs.uniquePrefix();

	private final SqsTaskTemplate tasks = TestSqs.template(this.sqs, this.prefix);

	private final List<String> failedQueues = new CopyOnWriteArrayList<>();

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
			new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + UUID.randomUUID()));

	AfterCommitTests() {
		this.tasks.setJobDeferral(JobDeferral.afterCommit(this.sqs, (queue, phase) -> this.failedQueues.add(queue
				+ "/" + phase)));
	}

	@Test
	void whenTheTransactionRollsBackNoJobIsSent() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		transaction.executeWithoutResult((status) -> {
			this.tasks.addJob("emails", "send_email", Map.of("to", "a@b.c"));
			this.tasks.addRawJob("emails", "{}");
			this.tasks.addJob(this.tasks.bake("emails", "send_email", Map.of("to", "b@b.c")));
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				this.tasks.addJob("emails", "send_email", Map.of("to", "c@b.c"));
			}
			status.setRollbackOnly();
		});

		assertThat(sends()).isEmpty();
		assertThat(TestSqs.receive(this.sqs, url)).isEmpty();
	}

	@Test
	void jobsAddedInATransactionAreSentOnceWhenItCommitsAndNotBefore() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		transaction.executeWithoutResult((status) -> {
			assertThat(this.tasks.addJob("emails", "send_email", Map.of("to", "a@b.c"))).isNull();
			assertThat(this.tasks.addRawJob("emails", "raw")).isNull();
			assertThat(this.tasks.addJob(this.tasks.bake("emails", "send_email", Map.of("to", "b@b.c")))).isNull();
			assertThat(sends()).isEmpty();
		});

		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).hasSize(1);
		assertThat(this.recorder.requests(SendMessageRequest.class)).isEmpty();
		assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body)
			.containsExactlyInAnyOrder("{\"to\":\"a@b.c\"}", "raw", "{\"to\":\"b@b.c\"}");
	}

	@Test
	void aBatchOpenedInATransactionIsSentAsBatchesAfterCommit() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			try (SqsTaskTemplate.Batch batch = this.tasks.batch()) {
				for (int i = 0; i < 25; i++) {
					this.tasks.addJob("emails", "send_email", Map.of("n", i));
				}
			}
			assertThat(sends()).isEmpty();
		});

		assertThat(this.recorder.requests(SendMessageBatchRequest.class)).extracting((r) -> r.entries().size())
			.containsExactly(10, 10, 5);
		assertThat(drain(url)).hasSize(25);
	}

	@Test
	void aRequiresNewTransactionSendsItsJobsWhenItCommitsEvenIfTheOuterOneRollsBack() {
		String url = TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		TransactionTemplate inner = new TransactionTemplate(this.transactions);
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		new TransactionTemplate(this.transactions).executeWithoutResult((outer) -> {
			this.tasks.addJob("emails", "send_email", Map.of("to", "outer"));
			inner.executeWithoutResult((status) -> this.tasks.addJob("emails", "send_email", Map.of("to", "inner")));
			assertThat(TestSqs.receive(this.sqs, url)).extracting(Message::body).containsExactly("{\"to\":\"inner\"}");
			outer.setRollbackOnly();
		});

		assertThat(sends()).hasSize(1);
	}

	@Test
	void aJoinedTransactionsJobsFollowTheOuterOne() {
		TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		TransactionTemplate joined = new TransactionTemplate(this.transactions);
		new TransactionTemplate(this.transactions).executeWithoutResult((outer) -> {
			joined.executeWithoutResult((status) -> this.tasks.addJob("emails", "send_email", Map.of("to", "x")));
			assertThat(sends()).isEmpty();
			outer.setRollbackOnly();
		});

		assertThat(sends()).isEmpty();
	}

	@Test
	void aJobThatCannotBeSentIsRefusedInsideTheTransaction() {
		TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> assertThatThrownBy(
				() -> this.tasks.addJob("emails", "send_email", Map.of("data", "x".repeat(1024 * 1024))))
			.isInstanceOf(JobSendException.class)
			.hasMessageContaining("over the queue's limit"));

		assertThat(sends()).isEmpty();
	}

	@Test
	void outsideATransactionAJobIsSentAtOnce() {
		TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());

		assertThat(this.tasks.addJob("emails", "send_email", Map.of("to", "a@b.c"))).isNotNull();
		assertThat(this.recorder.requests(SendMessageRequest.class)).hasSize(1);
	}

	@Test
	void aSendThatFailsAfterCommitIsLoggedWithQueueTaskAndSizeButNotTheArgumentsAndCounted(CapturedOutput output) {
		TestSqs.createQueue(this.sqs, this.prefix + "emails", Map.of());
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.tasks.addJob("emails", "send_email", Map.of("secret", "hunter2"));
			this.sqsDown.set(true);
		});

		assertThat(output).contains("ERROR")
			.contains("Could not send task 'send_email' to queue 'emails' after its transaction committed "
					+ "(arguments of 20 bytes)")
			.contains("sqs-tasks.outbox.enabled")
			.doesNotContain("hunter2");
		assertThat(this.failedQueues).containsExactly("emails/after-commit");
	}

	private List<SdkRequest> sends() {
		return this.recorder.requests(SdkRequest.class)
			.stream()
			.filter((r) -> r instanceof SendMessageRequest || r instanceof SendMessageBatchRequest)
			.toList();
	}

	private List<Message> drain(String url) {
		return TestSqs.drain(this.sqs, url);
	}

	/**
	 * Fails every send while SQS is "down"; other calls go through.
	 */
	record Outage(AtomicBoolean down) implements ExecutionInterceptor {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			if (this.down.get() && (context.request() instanceof SendMessageBatchRequest
					|| context.request() instanceof SendMessageRequest)) {
				throw NonRetryableException.create("SQS is unreachable (test)");
			}
		}

	}

}
