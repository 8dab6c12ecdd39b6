package io.github.sqstasks.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the cross-site guard lets through, on requests as the servlet container hands them over.
 */
class CrossSiteRequestGuardTests {

	private final CrossSiteRequestGuard guard = new CrossSiteRequestGuard(
			List.of("/actuator/sqstasks", "/sqs-tasks/"));

	@Test
	void anOriginOfNullIsRefused() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Origin", "null"))).isEqualTo(403);
	}

	@Test
	void anOriginThatIsNotAUrlIsRefused() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Origin", "http://[broken"))).isEqualTo(403);
	}

	@Test
	void anOriginWithAnotherSchemeIsRefused() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Origin", "https://localhost:8080"))).isEqualTo(403);
	}

	@Test
	void theServersOwnOriginPasses() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Origin", "http://localhost:8080",
				"Sec-Fetch-Site", "same-origin"))).isEqualTo(200);
	}

	@Test
	void aRequestTypedIntoTheAddressBarPasses() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Sec-Fetch-Site", "none"))).isEqualTo(200);
	}

	@Test
	void aCrossSiteSecFetchSiteIsRefusedWhateverTheOrigin() throws Exception {
		assertThat(status(post("/actuator/sqstasks/orders/purge", "Origin", "http://localhost:8080",
				"Sec-Fetch-Site", "cross-site"))).isEqualTo(403);
	}

	@Test
	void everyMethodButGetAndHeadIsGuarded() throws Exception {
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
			MockHttpServletRequest request = post("/actuator/sqstasks/orders/purge", "Origin", "https://evil.example");
			request.setMethod(method);
			assertThat(status(request)).as(method).isEqualTo(403);
		}
		for (String method : List.of("GET", "HEAD")) {
			MockHttpServletRequest request = post("/actuator/sqstasks/orders", "Origin", "https://evil.example");
			request.setMethod(method);
			assertThat(status(request)).as(method).isEqualTo(200);
		}
	}

	@Test
	void theEndpointItselfAndEverythingUnderItIsGuarded() throws Exception {
		assertThat(status(post("/actuator/sqstasks", "Origin", "https://evil.example"))).isEqualTo(403);
		assertThat(status(post("/actuator/sqstasks/orders/redrive", "Origin", "https://evil.example")))
			.isEqualTo(403);
	}

	@Test
	void pathsThatOnlyStartLikeAGuardedOneAreNotGuarded() throws Exception {
		assertThat(status(post("/actuator/sqstasksx/orders/purge", "Origin", "https://evil.example")))
			.isEqualTo(200);
		assertThat(status(post("/orders", "Origin", "https://evil.example"))).isEqualTo(200);
	}

	@Test
	void anotherPathPrefixLikeTheDashboardsIsGuardedToo() throws Exception {
		assertThat(status(post("/sqs-tasks/queues/orders/purge", "Origin", "https://evil.example"))).isEqualTo(403);
	}

	@Test
	void underADispatcherServletPathThePathWithinTheServletIsGuarded() throws Exception {
		MockHttpServletRequest request = post("/api/actuator/sqstasks/orders/purge", "Origin", "https://evil.example");
		request.setServletPath("/api");
		request.setPathInfo("/actuator/sqstasks/orders/purge");

		assertThat(status(request)).isEqualTo(403);
	}

	private int status(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.guard.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	/**
	 * Returns a POST to {@code http://localhost:8080} as the container hands it over for a servlet mapped to
	 * {@code /}: the whole path in the servlet path.
	 */
	private static MockHttpServletRequest post(String path, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setServerName("localhost");
		request.setServerPort(8080);
		request.setServletPath(path);
		for (int i = 0; i < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

}
