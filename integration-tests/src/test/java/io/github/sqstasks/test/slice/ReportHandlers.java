package io.github.sqstasks.test.slice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.annotation.SqsTask;

/**
 * Handler methods that a component inherits ({@link MonthlyReports}); not a component itself.
 */
abstract class ReportHandlers {

	final List<String> rendered = new CopyOnWriteArrayList<>();

	@SqsTask(queue = "reports")
	void render(String name) {
		this.rendered.add(name);
	}

}
