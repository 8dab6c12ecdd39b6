package io.github.sqstasks.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts Debian's Chromium without a screen through its chromedriver, both given by path (no Selenium Manager, no
 * download); skips the calling tests when they are not installed.
 */
final class HeadlessChromium {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private HeadlessChromium() {
	}

	/**
	 * Starts a browser with a fresh profile in the given directory.
	 */
	static ChromeDriver start(Path profile) {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM), "The dashboard's browser tests "
				+ "need Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
				+ ": apt-get install chromium chromium-driver (CI installs them, see .ci/run)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// without the background-networking flags Chromium keeps reaching for Google's services, which a closed
		// network turns into long stalls
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000", "--lang=en-GB");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
