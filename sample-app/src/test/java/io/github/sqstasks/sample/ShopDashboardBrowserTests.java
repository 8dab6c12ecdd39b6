package io.github.sqstasks.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import io.github.sqstasks.DoNotRetry;
import io.github.sqstasks.producer.JobOptions;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), on the
 * in-memory SQS: what a user sees and what the buttons do. Also saves a screenshot of the page to
 * {@code target/dashboard.png}, and to the file {@code -Ddashboard.screenshot} names (the README's
 * {@code docs/dashboard.png}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.demo-orders=0", "sqs-tasks.dashboard.refresh-interval=1s" })
@AutoConfigureInMemorySqs
@Import(ShopDashboardBrowserTests.BouncingMail.class)
class ShopDashboardBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	static Path profile;

	static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	EmailTasks emails;

	@Autowired
	BouncingMailGateway mail;

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChromium.start(profile);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void emptyQueues() {
		this.sqs.clear();
		this.mail.bouncing.clear();
	}

	@Test
	void thePageListsTheShopsQueuesWithTheirDeadLetterQueues() {
		open();

		WebElement emails = row("emails");
		WebElement invoices = row("invoices");

		assertThat(emails.getText()).contains("shop-emails", "shop-emails_dead");
		assertThat(invoices.getText()).contains("shop-invoices", "shop-invoices_dead");
		// the sample's nightly report, with its next tick on the in-memory SQS's clock (2030-01-01, 02:00 in Berlin)
		assertThat(browser.findElement(By.id("schedules")).getText()).contains("nightly-report",
				"reports / nightly_report", "0 0 2 * * * (Europe/Berlin)", "nextTick: 2030-01-01T01:00:00Z",
				"lastEnqueued: —");
		assertThat(browser.findElement(By.id("access")).getText()).isEqualTo("replay, discard and redrive allowed");
	}

	@Test
	void theCountsRefreshWithoutReloadingThePage() {
		open();
		WebElement delayed = row("invoices").findElement(By.className("delayed"));
		assertThat(delayed.getText()).isEqualTo("0");

		this.tasks.addJob("invoices", "create_invoice", Map.of("order", Map.of("id", "o-1", "customerEmail",
				"ann@example.com", "lines", List.of())), JobOptions.defaults().delay(Duration.ofMinutes(5)));

		waiting().until(ExpectedConditions.textToBe(By.cssSelector("#queues tr[data-queue='invoices'] .delayed"), "1"));
	}

	@Test
	void aFailedEmailAppearsInTheDeadLetterViewWithItsReasonAndItsBodyAsText() {
		String to = "<b>lost</b>@example.com";
		deadLetter(to);
		open();

		WebElement message = openDeadLetters("emails").get(0);

		assertThat(message.findElement(By.className("task")).getText()).isEqualTo("send_reminder");
		assertThat(message.findElement(By.className("reason")).getText())
			.isEqualTo("DoNotRetry: mailbox unknown: " + to);
		assertThat(message.findElement(By.className("receive-count")).getText()).matches("received \\d+×");
		assertThat(message.findElement(By.className("body")).getText()).contains("\"to\":\"" + to + "\"");
		assertThat(message.findElements(By.tagName("b"))).isEmpty();
		assertThat(row("emails").findElement(By.className("dead-letter-depth")).getText()).isEqualTo("1");
	}

	@Test
	void replayMakesTheMessageDisappearAndTheHandlerRunsAgain() {
		String to = "back@example.com";
		String id = deadLetter(to);
		open();
		WebElement message = openDeadLetters("emails").get(0);
		this.mail.bouncing.remove(to);

		message.findElement(By.cssSelector("button.replay")).click();
		waiting().until(ExpectedConditions.stalenessOf(message));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(browser.findElement(By.id("notice")).getText())
			.isEqualTo("Replayed message " + id + " to emails.");
		assertThat(browser.findElement(By.id("dl-list")).getText()).isEqualTo("No dead letters.");
		assertThat(this.emails.sent()).contains(to + ":your parcel is on its way");
		assertThat(this.sqs.deadLetters("emails")).isEmpty();
	}

	@Test
	void aFormOnAnotherSiteCannotDiscardAMessage() throws IOException {
		String id = deadLetter("kept@example.com");
		String target = base() + "/api/queues/emails/dead-letters/" + id + "/discard";
		HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		other.createContext("/", (exchange) -> {
			byte[] page = ("<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" "
					+ "action=\"" + target + "\"></form></body></html>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		other.start();
		try {
			browser.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
			waiting().until(ExpectedConditions.urlToBe(target));

			assertThat(browser.findElement(By.tagName("body")).getText()).contains("Refused POST /api/queues/emails/"
					+ "dead-letters/" + id + "/discard: the browser says it comes from another site");
			assertThat(this.sqs.deadLetters("emails")).extracting("messageId").containsExactly(id);
		}
		finally {
			other.stop(0);
		}
	}

	@Test
	void aScreenshotShowsTheLastMinutes() throws IOException {
		// ten minutes of a small shop on the test clock: a few e-mails and invoices every ten seconds, waiting a
		// little in the queue, some of them bouncing
		for (int step = 0; step < 54; step++) {
			int delay = 1 + (step * 7) % 5;
			for (int i = 0; i < 1 + (step * 5) % 4; i++) {
				this.tasks.addJob("emails", "send_confirmation",
						Map.of("to", "customer" + step + "@example.com", "orderId", "o-" + step + "-" + i),
						JobOptions.defaults().delay(Duration.ofSeconds(delay)));
			}
			if (step % 3 == 0) {
				this.tasks.addJob("invoices", "create_invoice", Map.of("order", Map.of("id", "o-" + step,
						"customerEmail", "customer" + step + "@example.com", "lines", List.of(Map.of("sku", "mug",
								"quantity", 2, "unitPrice", "4.00")))),
						JobOptions.defaults().delay(Duration.ofSeconds(delay + 2)));
			}
			if (step == 40 || step == 47) {
				deadLetter("old-address" + step + "@example.com");
			}
			this.sqs.advance(Duration.ofSeconds(delay + 2));
			this.sqs.processUntilIdle(Duration.ofSeconds(10));
			this.sqs.advance(Duration.ofSeconds(8 - delay));
		}
		this.tasks.addJob("invoices", "create_invoice", Map.of("order", Map.of("id", "o-late", "customerEmail",
				"late@example.com", "lines", List.of())), JobOptions.defaults().delay(Duration.ofMinutes(5)));
		open();
		openDeadLetters("emails");
		browser.manage().window().setSize(new Dimension(1280, 1000));

		Path screenshot = Path.of("target", "dashboard.png");
		Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
		String copy = System.getProperty("dashboard.screenshot");
		if (copy != null && !copy.isBlank()) {
			Files.copy(screenshot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
		}

		// the page refreshes its tables while it is read: a row found may be replaced before its text is read
		waiting().ignoring(StaleElementReferenceException.class)
			.until((driver) -> driver.findElements(By.cssSelector("#tasks tr[data-task]"))
				.stream()
				.map(WebElement::getText)
				.anyMatch((text) -> text.startsWith("emails send_confirmation")));
		assertThat(Files.size(screenshot)).isPositive();
	}

	private String base() {
		return "http://localhost:" + this.port + "/sqs-tasks";
	}

	private void open() {
		browser.get(base());
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues tr[data-queue]")));
	}

	private static WebElement row(String queue) {
		return browser.findElement(By.cssSelector("#queues tr[data-queue='" + queue + "']"));
	}

	private static List<WebElement> openDeadLetters(String queue) {
		row(queue).findElement(By.cssSelector("button.view")).click();
		return waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#dl-list .dead-letter"), 0));
	}

	private String deadLetter(String to) {
		this.mail.bouncing.add(to);
		this.tasks.addJob("emails", "send_reminder", Map.of("to", to, "text", "your parcel is on its way"));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));
		return this.sqs.deadLetters("emails")
			.stream()
			.filter((message) -> message.body().contains(to))
			.findFirst()
			.orElseThrow()
			.messageId();
	}

	private static WebDriverWait waiting() {
		return new WebDriverWait(browser, PATIENCE);
	}

	/**
	 * Puts in a mail gateway that refuses the addresses a test marks as bouncing, as a mail server answers 550.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class BouncingMail {

		@Bean
		@Primary
		BouncingMailGateway bouncingMailGateway() {
			return new BouncingMailGateway();
		}

	}

	static class BouncingMailGateway implements MailGateway {

		final Set<String> bouncing = ConcurrentHashMap.newKeySet();

		@Override
		public void deliver(String to, String text) {
			if (this.bouncing.contains(to)) {
				throw new DoNotRetry("mailbox unknown: " + to);
			}
		}

	}

}
