package io.github.sqstasks.actuate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;

/**
 * Handlers for the actuator tests: {@code ship} refuses negative numbers while {@link #refuseNegative} is set.
 */
class OrderTasks {

	final AtomicBoolean refuseNegative = new AtomicBoolean(true);

	final Set<Integer> shipped = ConcurrentHashMap.newKeySet();

	@SqsTask(queue = "orders", name = "ship")
	void ship(int n) {
		if (n < 0 && this.refuseNegative.get()) {
			throw new DoNotRetry("negative order " + n);
		}
		this.shipped.add(n);
	}

	@SqsRawTask(queue = "cron")
	void tick(String body) {
	}

}
