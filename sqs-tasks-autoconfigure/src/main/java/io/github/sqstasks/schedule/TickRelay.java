package io.github.sqstasks.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.core.LogSafe;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of the tick queue: enqueues the job of each tick onto its standard target queue.
 *
 * <p>Standard queues do not deduplicate, so every instance sends a tick meant for one to this FIFO queue instead,
 * where SQS keeps the first and drops the copies; this handler, registered like any {@code @SqsTask} handler, then
 * enqueues the one job. It runs inside the tick's context, so the job carries the schedule and tick keys.
 */
final class TickRelay {

	/** The library's FIFO queue of ticks bound for standard queues, without prefix. */
	static final String QUEUE = "sqs-tasks-ticks.fifo";

	/** The task name of a tick on that queue. */
	static final String TASK = "tick";

	private static final Logger logger = LoggerFactory.getLogger(TickRelay.class);

	private final SqsTaskTemplate template;

	TickRelay(SqsTaskTemplate template) {
		this.template = template;
	}

	static Map<String, Object> arguments(ScheduledTask task) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("schedule", task.id());
		arguments.put("queue", task.schedule().queue());
		arguments.put("task", task.schedule().task());
		arguments.put("arguments", task.arguments());
		return arguments;
	}

	/**
	 * Enqueues one tick's job. A tick received a second time may already have been enqueued by an attempt that
	 * stopped between the send and the delete of the tick; it is enqueued again, and said so.
	 */
	public void tick(String schedule, String queue, String task, Map<String, Object> arguments, TaskMessage message) {
		String tick = TaskContext.current().get(ScheduleRunner.TICK_KEY);
		if (message.receiveCount() > 1) {
			logger.warn("Tick {} of schedule '{}' is delivered again (receive count {}): enqueuing task '{}' on queue "
					+ "'{}' again. If an earlier attempt stopped after SQS accepted the job and before the tick was "
					+ "deleted, the task now runs twice for this tick.", LogSafe.name(tick), LogSafe.name(schedule),
					message.receiveCount(), LogSafe.name(task), LogSafe.name(queue));
		}
		this.template.addJob(queue, task, arguments);
		logger.debug("Relayed tick {} of schedule '{}' to queue '{}'", LogSafe.name(tick), LogSafe.name(schedule),
				LogSafe.name(queue));
	}

}
