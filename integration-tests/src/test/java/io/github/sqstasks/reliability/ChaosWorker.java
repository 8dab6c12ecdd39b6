package io.github.sqstasks.reliability;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.RetryLater;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.reliability.SoakTests.Outcome;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A worker of the chaos run ({@link ChaosTests}), run in its own JVM: handlers for a standard queue and a FIFO queue
 * whose outcomes follow the soak test's mix ({@link SoakTests.Outcome}), a {@link ChaosJournal} of every handler start
 * and end, of every message received, deleted or given back (seen by an interceptor on its SQS client, below the
 * library), and of its heap after a full GC every few seconds.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChaosWorker {

	/** Max receive count of both queues; the queues' RedrivePolicy has the same. */
	static final int MAX_RECEIVE_COUNT = 5;

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ChaosWorker.class);
		application.setRegisterShutdownHook(true);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Bean(destroyMethod = "close")
	ChaosJournal chaosJournal(@Value("${chaos.journal}") String journal, @Value("${chaos.sequence}") String sequence) {
		return new ChaosJournal(Path.of(journal), Path.of(sequence));
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService heapSampler(ChaosJournal journal,
			@Value("${chaos.heap-sample-millis:2000}") long sampleMillis) {
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "chaos-heap-sampler");
			thread.setDaemon(true);
			return thread;
		});
		sampler.scheduleWithFixedDelay(() -> {
			System.gc();
			long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			journal.line("H " + System.currentTimeMillis() + " " + used);
		}, sampleMillis, sampleMillis, TimeUnit.MILLISECONDS);
		return sampler;
	}

	/** The client the library uses (Spring Cloud AWS's backs off), with the journal's interceptor. */
	@Bean
	SqsAsyncClient sqsAsyncClient(@Value("${spring.cloud.aws.sqs.endpoint}") String endpoint,
			ChaosJournal journal) {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.overrideConfiguration((c) -> c.addExecutionInterceptor(new HeldMessages(journal)))
			.build();
	}

	@Bean
	Handlers handlers(ChaosJournal journal) {
		return new Handlers(journal);
	}

	/**
	 * The handlers: each optionally sleeps first (the slow phase sends tasks that outlast the visibility timeout), then
	 * does what its id's {@link Outcome} says, with attempts counted by the message's receive count.
	 */
	static class Handlers {

		private final ChaosJournal journal;

		Handlers(ChaosJournal journal) {
			this.journal = journal;
		}

		@SqsTask(queue = "chaos", name = "work")
		void work(int id, int sleep, TaskMessage message) throws InterruptedException {
			run("chaos", id, -1, -1, sleep, message);
		}

		@SqsTask(queue = "chaos.fifo", name = "step")
		void step(int id, int group, int index, int sleep, TaskMessage message) throws InterruptedException {
			run("fifo", id, group, index, sleep, message);
		}

		private void run(String queue, int id, int group, int index, int sleep, TaskMessage message)
				throws InterruptedException {
			int attempt = message.receiveCount();
			this.journal.line("S " + this.journal.next() + " " + queue + " " + id + " " + group + " " + index + " "
					+ message.messageId() + " " + attempt + " " + System.currentTimeMillis());
			String outcome = "ok";
			try {
				if (sleep > 0) {
					Thread.sleep(sleep);
				}
				outcome(id, attempt);
			}
			catch (RetryLater ex) {
				outcome = "retry";
				throw ex;
			}
			catch (DoNotRetry ex) {
				outcome = "fatal";
				throw ex;
			}
			catch (RuntimeException ex) {
				outcome = (attempt >= MAX_RECEIVE_COUNT) ? "last" : "fail";
				throw ex;
			}
			finally {
				this.journal.line("E " + this.journal.next() + " " + queue + " " + id + " " + outcome + " "
						+ System.currentTimeMillis());
			}
		}

		private static void outcome(int id, int attempt) throws InterruptedException {
			switch (Outcome.of(id)) {
				case SLOW -> Thread.sleep(20 + Math.floorMod(SoakTests.hash(id) >>> 10, 181));
				case RETRY_AT_ONCE -> {
					if (attempt < 2) {
						throw new RetryLater(Duration.ZERO);
					}
				}
				case RETRY_IN_ONE_SECOND -> {
					if (attempt < 3) {
						throw new RetryLater(Duration.ofSeconds(1));
					}
				}
				case THROW_ONCE -> {
					if (attempt < 2) {
						throw new IllegalArgumentException("task " + id + " failed once");
					}
				}
				case ALWAYS_THROW -> throw new IllegalStateException("task " + id + " always fails");
				case DO_NOT_RETRY -> throw new DoNotRetry("task " + id + " is refused");
				default -> {
				}
			}
		}

	}

	/**
	 * Journals what the worker received, and what it deleted or gave back, as the broker confirmed it: the messages a
	 * SIGKILL takes down with the worker are those received and neither deleted nor given back (nor received again by
	 * someone else since).
	 */
	static final class HeldMessages implements ExecutionInterceptor {

		private final ChaosJournal journal;

		HeldMessages(ChaosJournal journal) {
			this.journal = journal;
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
			SdkRequest request = context.request();
			SdkResponse response = context.response();
			if (response instanceof ReceiveMessageResponse received) {
				StringBuilder line = new StringBuilder("R ").append(System.currentTimeMillis());
				String queue = ((ReceiveMessageRequest) request).queueUrl().endsWith(".fifo") ? ChaosAccounting.FIFO
						: ChaosAccounting.STANDARD;
				received.messages()
					.forEach((message) -> line.append(' ')
						.append(message.messageId())
						.append('/')
						.append(ChaosJournal.handle(message.receiptHandle()))
						.append('/')
						.append(queue)
						.append(':')
						.append(ChaosAccounting.deadLetterId(message.body())));
				this.journal.line(line.toString());
			}
			else if (request instanceof DeleteMessageBatchRequest deletes
					&& response instanceof DeleteMessageBatchResponse result) {
				List<String> ok = result.successful().stream().map((entry) -> entry.id()).toList();
				released(deletes.entries()
					.stream()
					.filter((entry) -> ok.contains(entry.id()))
					.map(DeleteMessageBatchRequestEntry::receiptHandle)
					.toList());
			}
			else if (request instanceof DeleteMessageRequest delete) {
				released(List.of(delete.receiptHandle()));
			}
			else if (request instanceof ChangeMessageVisibilityBatchRequest changes
					&& response instanceof ChangeMessageVisibilityBatchResponse result) {
				List<String> ok = result.successful().stream().map((entry) -> entry.id()).toList();
				released(changes.entries()
					.stream()
					.filter((entry) -> entry.visibilityTimeout() == 0 && ok.contains(entry.id()))
					.map(ChangeMessageVisibilityBatchRequestEntry::receiptHandle)
					.toList());
			}
			else if (request instanceof ChangeMessageVisibilityRequest change && change.visibilityTimeout() == 0) {
				released(List.of(change.receiptHandle()));
			}
		}

		private void released(List<String> receiptHandles) {
			if (receiptHandles.isEmpty()) {
				return;
			}
			StringBuilder line = new StringBuilder("X");
			receiptHandles.forEach((handle) -> line.append(' ').append(ChaosJournal.handle(handle)));
			this.journal.line(line.toString());
		}

	}

}
