package io.github.sqstasks.dashboard;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.sqstasks.producer.SqsTaskTemplate;
import io.github.sqstasks.test.AutoConfigureInMemorySqs;
import io.github.sqstasks.test.InMemorySqs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard behind Spring Security, secured with the README's filter chain: strangers are turned away, and a
 * user of the role gets the page with Spring Security's CSRF token, which its buttons send.
 */
@SpringBootTest(classes = { DashboardApplication.class, DashboardSecurityTests.Security.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sqs-tasks.dashboard.enabled=true", "sqs-tasks.dashboard.access=unrestricted",
				"sqs-tasks.queues.emails.dead-letter-queue=emails_dead" })
@AutoConfigureInMemorySqs
class DashboardSecurityTests {

	private static final Pattern META = Pattern.compile("<meta name=\"(csrf-header|csrf-token)\" content=\"([^\"]+)\">");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.cookieHandler(new CookieManager())
		.build();

	@LocalServerPort
	int port;

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	DashboardApplication.Mailer mailer;

	@Test
	void withoutCredentialsThePageAndItsDataAreRefused() throws Exception {
		assertThat(send("GET", "/sqs-tasks/", null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/sqs-tasks/api/overview", null).statusCode()).isEqualTo(401);
	}

	@Test
	void aUserOfTheRoleReplaysWithTheCsrfTokenOfThePageAndNotWithoutIt() throws Exception {
		this.mailer.bouncing.add("secure@example.com");
		this.tasks.addJob("emails", "send_email", Map.of("to", "secure@example.com"));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));
		String id = this.sqs.deadLetters("emails").get(0).messageId();
		this.mailer.bouncing.remove("secure@example.com");
		String replay = "/sqs-tasks/api/queues/emails/dead-letters/" + id + "/replay";

		HttpResponse<String> page = send("GET", "/sqs-tasks/", basic());
		HttpResponse<String> withoutToken = send("POST", replay, basic());
		List<String> csrf = new ArrayList<>();
		Matcher meta = META.matcher(page.body());
		while (meta.find()) {
			csrf.add(meta.group(2));
		}
		HttpResponse<String> withToken = send("POST", replay, basic(), csrf.get(0), csrf.get(1));
		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(csrf).hasSize(2).first().isEqualTo("X-CSRF-TOKEN");
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(this.sqs.deadLetters("emails")).isEmpty();
		assertThat(this.mailer.sent).contains("secure@example.com");
	}

	private HttpResponse<String> send(String method, String path, String authorization, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static String basic() {
		return "Basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The README's filter chain, with one user of the role.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class Security {

		@Bean
		SecurityFilterChain sqsTasksDashboard(HttpSecurity http) throws Exception {
			http.securityMatcher("/sqs-tasks/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPS"))
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("ops").password("{noop}secret").roles("OPS").build());
		}

	}

}
