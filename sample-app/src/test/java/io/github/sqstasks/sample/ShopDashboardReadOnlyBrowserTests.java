package io.github.sqstasks.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's dashboard with the default access, read-only, in a headless Chromium: dead letters are shown, the
 * buttons that would change them are not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.demo-orders=0", "sqs-tasks.dashboard.access=read-only" })
@AutoConfigureInMemorySqs
@Import(ShopDashboardBrowserTests.BouncingMail.class)
class ShopDashboardReadOnlyBrowserTests {

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
	ShopDashboardBrowserTests.BouncingMailGateway mail;

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

	@Test
	void deadLettersAreShownWithoutTheButtonsThatChangeThem() {
		this.mail.bouncing.add("gone@example.com");
		this.tasks.addJob("emails", "send_reminder", Map.of("to", "gone@example.com", "text", "hello"));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));
		WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get("http://localhost:" + this.port + "/sqs-tasks");
		waiting.until(ExpectedConditions.textToBe(By.id("access"), "read-only (sqs-tasks.dashboard.access)"));

		browser.findElement(By.cssSelector("#queues tr[data-queue='emails'] button.view")).click();
		WebElement message = waiting
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dl-list .dead-letter")));

		assertThat(message.findElement(By.className("reason")).getText())
			.isEqualTo("DoNotRetry: mailbox unknown: gone@example.com");
		assertThat(message.findElement(By.cssSelector("button.replay")).isDisplayed()).isFalse();
		assertThat(message.findElement(By.cssSelector("button.discard")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("dl-redrive")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("dl-reload")).isDisplayed()).isTrue();
	}

}
