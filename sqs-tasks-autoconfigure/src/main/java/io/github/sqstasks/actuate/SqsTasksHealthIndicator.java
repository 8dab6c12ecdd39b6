package io.github.sqstasks.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.sqstasks.internal.KnownQueues;
import io.github.sqstasks.internal.QueueProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports UP when every queue the application knows, and each one's dead-letter queue, answers SQS's
 * GetQueueUrl and GetQueueAttributes within a short time; DOWN naming each queue that does not, with the error.
 */
public class SqsTasksHealthIndicator implements HealthIndicator {

	private final KnownQueues known;

	private final QueueProbe probe;

	SqsTasksHealthIndicator(KnownQueues known, QueueProbe probe) {
		this.known = known;
		this.probe = probe;
	}

	@Override
	public Health health() {
		Map<String, CompletableFuture<QueueProbe.Result>> probes = new LinkedHashMap<>();
		for (String queue : this.known.queuesAndDeadLetterQueues()) {
			probes.put(queue, this.probe.probe(queue));
		}
		Map<String, Object> reachable = new LinkedHashMap<>();
		Map<String, Object> unreachable = new LinkedHashMap<>();
		probes.forEach((queue, probe) -> {
			QueueProbe.Result result = probe.join();
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("name", result.name());
			if (result.counts() != null) {
				detail.put("messages", QueueReporter.messages(result.counts()));
				reachable.put(queue, detail);
			}
			else {
				detail.put("error", result.error());
				unreachable.put(queue, detail);
			}
		});
		Health.Builder health = unreachable.isEmpty() ? Health.up() : Health.down().withDetail("unreachable", unreachable);
		return health.withDetail("queues", reachable).build();
	}

}
