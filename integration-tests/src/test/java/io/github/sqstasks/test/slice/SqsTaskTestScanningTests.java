package io.github.sqstasks.test.slice;

import java.time.ZoneId;
import java.util.Map;

import com.fasterxml.jackson.databind.Module;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.InMemorySqs;
import io.github.sqstasks.test.SqsTaskTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SqsTaskTest} without {@code tasks}: it finds {@link SliceApplication} and scans its package for the task
 * beans, and only those.
 */
@SqsTaskTest
class SqsTaskTestScanningTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	ApplicationContext context;

	@Autowired
	InvoiceTasks invoices;

	@Autowired
	AuditTasks audit;

	@Autowired
	FeedTasks feed;

	@Autowired
	MonthlyReports reports;

	@Autowired
	TaskJournal journal;

	@BeforeEach
	void clean() {
		this.sqs.clear();
		this.invoices.invoiced.clear();
		this.audit.events.clear();
		this.feed.bodies.clear();
		this.reports.rendered.clear();
		this.journal.seen.clear();
	}

	@Test
	void aClassWithSqsTaskMethodsIsScannedAndHandlesItsJobs() {
		this.tasks.addJob("invoices", "createInvoice", Map.of("orderId", "o-1", "total", "12.34"));

		this.sqs.processUntilIdle();

		assertThat(this.invoices.invoiced).containsExactly("o-1:1234");
	}

	@Test
	void aJacksonModuleOfTheApplicationIsScannedAndReachesHandlerBinding() {
		assertThat(this.context.getBeansOfType(Module.class).values()).singleElement().isInstanceOf(CentsModule.class);
		this.tasks.addJob("invoices", "createInvoice", Map.of("orderId", "o-2", "total", "0.50"));

		this.sqs.processUntilIdle();

		assertThat(this.invoices.invoiced).containsExactly("o-2:50");
	}

	@Test
	void aClassAnnotatedWithSqsTaskQueueIsScanned() {
		this.tasks.addJob("audit", "record", Map.of("event", "login"));

		this.sqs.processUntilIdle();

		assertThat(this.audit.events).containsExactly("login");
	}

	@Test
	void aClassWithAnSqsRawTaskMethodIsScanned() {
		this.tasks.addRawJob("feed", "{\"price\":3}");

		this.sqs.processUntilIdle();

		assertThat(this.feed.bodies).containsExactly("{\"price\":3}");
	}

	@Test
	void aClassThatInheritsItsHandlerMethodIsScanned() {
		this.tasks.addJob("reports", "render", Map.of("name", "may"));

		this.sqs.processUntilIdle();

		assertThat(this.reports.rendered).containsExactly("may");
	}

	@Test
	void aTaskInterceptorOfTheApplicationIsScanned() {
		this.tasks.addJob("audit", "record", Map.of("event", "logout"));

		this.sqs.processUntilIdle();

		assertThat(this.journal.seen).containsExactly("audit/record");
	}

	@Test
	void aTaskClientOfTheApplicationIsRegistered() {
		this.context.getBean(InvoiceClient.class).createInvoice("o-3", "1.00");

		this.sqs.processUntilIdle();

		assertThat(this.invoices.invoiced).containsExactly("o-3:100");
	}

	@Test
	void theApplicationsOtherBeansStayOut() {
		assertThat(this.context.getBeanNamesForType(OrderService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SliceBeans.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ZoneId.class)).isEmpty();
	}

}
