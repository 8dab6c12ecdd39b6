package io.github.sqstasks.memory;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Measures send + receive + delete cycles per second on one thread; run its {@code main} by hand, it is no test.
 */
public final class InMemorySqsThroughput {

	private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of(
			"JobName", MessageAttributeValue.builder().dataType("String").stringValue("send_email").build(),
			"ContentType", MessageAttributeValue.builder().dataType("String").stringValue("json").build(),
			"JobContext", MessageAttributeValue.builder().dataType("String").stringValue("{}").build());

	private InMemorySqsThroughput() {
	}

	/**
	 * Runs three warm-up rounds and three measured rounds and prints cycles per second for each.
	 * @param args optionally the number of cycles per round (default 200,000)
	 */
	public static void main(String[] args) {
		int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
		try (InMemorySqsAsyncClient sqs = new InMemorySqsAsyncClient()) {
			String queue = sqs.createQueue(request -> request.queueName("throughput")).join().queueUrl();
			for (int round = 1; round <= 6; round++) {
				long started = System.nanoTime();
				runCycles(sqs, queue, cycles);
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf("%s round %d: %,.0f send+receive+delete cycles/s%n", round <= 3 ? "warm-up" : "measured",
						round, cycles / seconds);
			}
		}
	}

	private static void runCycles(InMemorySqsAsyncClient sqs, String queue, int cycles) {
		for (int i = 0; i < cycles; i++) {
			sqs.sendMessage(request -> request.queueUrl(queue)
				.messageBody("{\"to\":\"a@b.c\",\"subject\":\"Hi\"}")
				.messageAttributes(ATTRIBUTES)).join();
			List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queue)
				.messageAttributeNames("All")
				.messageSystemAttributeNamesWithStrings("All")).join().messages();
			Message message = messages.get(0);
			sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(message.receiptHandle())).join();
		}
	}

}
