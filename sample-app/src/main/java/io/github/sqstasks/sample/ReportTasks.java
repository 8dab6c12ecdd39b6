package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The nightly report: enqueued once a night by the schedule {@code nightly-report} (application.yml), whatever the
 * number of running shop instances.
 */
@Component
public class ReportTasks {

	private static final Logger logger = LoggerFactory.getLogger(ReportTasks.class);

	private final InvoiceTasks invoices;

	private final List<String> reports = new CopyOnWriteArrayList<>();

	ReportTasks(InvoiceTasks invoices) {
		this.invoices = invoices;
	}

	@SqsTask(queue = "reports", name = "nightly_report")
	void nightlyReport(String format, TaskContext context) {
		Map<String, BigDecimal> invoiced = this.invoices.invoices();
		BigDecimal total = invoiced.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		String report = "Nightly report (" + format + ") for " + context.get("sqs_tasks_tick") + ": "
				+ invoiced.size() + " invoice(s), total " + total;
		this.reports.add(report);
		logger.info(report);
	}

	/**
	 * Returns the reports made by this instance, oldest first.
	 * @return the reports
	 */
	public List<String> reports() {
		return List.copyOf(this.reports);
	}

}
