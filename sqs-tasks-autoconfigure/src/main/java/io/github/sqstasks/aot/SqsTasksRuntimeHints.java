package io.github.sqstasks.aot;

import io.github.sqstasks.actuate.DeadLetterActionResult;
import io.github.sqstasks.actuate.DeadLettersReport;
import io.github.sqstasks.actuate.MessageCounts;
import io.github.sqstasks.actuate.PurgeResult;
import io.github.sqstasks.actuate.QueueReport;
import io.github.sqstasks.actuate.SqsTasksReport;
import io.github.sqstasks.deadletter.DeadLetter;
import io.github.sqstasks.producer.BakedTask;
import io.github.sqstasks.producer.JobOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Hints for the records sqs-tasks hands to Jackson: {@code BakedTask} (which applications store as JSON), its
 * {@code JobOptions}, dead letters and the Actuator endpoint's reports. The actuate records are referenced by name
 * only through their classes here, which is safe without the actuator: the classes load, their annotations do not
 * need to.
 */
final class SqsTasksRuntimeHints implements RuntimeHintsRegistrar {

	private static final Class<?>[] SERIALISED = { BakedTask.class, JobOptions.class, DeadLetter.class,
			SqsTasksReport.class, QueueReport.class, QueueReport.Handler.class, QueueReport.DeadLetterQueue.class,
			MessageCounts.class, DeadLettersReport.class, DeadLetterActionResult.class, PurgeResult.class };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), SERIALISED);
	}

}
