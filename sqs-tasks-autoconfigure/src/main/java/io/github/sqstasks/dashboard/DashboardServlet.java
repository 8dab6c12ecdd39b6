package io.github.sqstasks.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.sqstasks.core.LogSafe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.util.HtmlUtils;

/**
 * Serves the dashboard: the page and its static files from the jar, its data as JSON under {@code api/}, and the
 * write actions (replay, discard, redrive) as POSTs when the dashboard's access allows them. Paths are those after
 * the dashboard's own path.
 */
final class DashboardServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private static final Logger logger = LoggerFactory.getLogger(DashboardServlet.class);

	private static final String STATIC = "/META-INF/sqs-tasks/dashboard/";

	private static final Map<String, String> FILES = Map.of("/dashboard.css", "text/css", "/dashboard.js",
			"text/javascript");

	private static final Pattern DEAD_LETTERS = Pattern.compile("/api/queues/([^/]+)/dead-letters");

	private static final Pattern MESSAGE_ACTION = Pattern
		.compile("/api/queues/([^/]+)/dead-letters/([^/]+)/(replay|discard)");

	private static final Pattern REDRIVE = Pattern.compile("/api/queues/([^/]+)/redrive");

	/** The attribute under which Spring Security puts the request's CSRF token, when it is present. */
	private static final String CSRF_TOKEN = "org.springframework.security.web.csrf.CsrfToken";

	private final transient DashboardData data;

	private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	DashboardServlet(DashboardData data) {
		this.data = data;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getPathInfo();
		if (path == null) {
			// relative links on the page resolve against the path with a trailing slash; the redirect is relative
			// too (the path's last segment), so that no request can make it point elsewhere
			String servletPath = request.getServletPath();
			response.sendRedirect(servletPath.substring(servletPath.lastIndexOf('/') + 1) + "/");
			return;
		}
		if (path.equals("/") || path.equals("/index.html")) {
			page(request, response);
			return;
		}
		String type = FILES.get(path);
		if (type != null) {
			file(path.substring(1), type, response);
			return;
		}
		respond(response, () -> {
			if (path.equals("/api/overview")) {
				return this.data.overview();
			}
			Matcher deadLetters = DEAD_LETTERS.matcher(path);
			if (deadLetters.matches()) {
				return this.data.deadLetters(deadLetters.group(1), max(request.getParameter("max")));
			}
			throw notFound(request);
		});
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = (request.getPathInfo() != null) ? request.getPathInfo() : "";
		respond(response, () -> {
			Matcher action = MESSAGE_ACTION.matcher(path);
			Matcher redrive = REDRIVE.matcher(path);
			if (!action.matches() && !redrive.matches()) {
				throw notFound(request);
			}
			if (!this.data.writable()) {
				throw new DashboardException(403, "The sqs-tasks dashboard is read-only: set "
						+ "sqs-tasks.dashboard.access=unrestricted to replay, discard and redrive from it (and "
						+ "secure its path; management.endpoints.access.max-permitted also caps it)");
			}
			if (redrive.matches()) {
				logger.info("Redriving the dead-letter queue of '{}' as requested through the dashboard",
						LogSafe.name(redrive.group(1)));
				return this.data.redrive(redrive.group(1));
			}
			logger.info("{} message {} of the dead-letter queue of '{}' as requested through the dashboard",
					action.group(3).equals("replay") ? "Replaying" : "Discarding", LogSafe.name(action.group(2)),
					LogSafe.name(action.group(1)));
			return this.data.replayOrDiscard(action.group(1), action.group(2), action.group(3));
		});
	}

	private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String html = new String(read("index.html"), StandardCharsets.UTF_8).replace("<!-- csrf -->",
				csrfMeta(request));
		headers(response, "text/html");
		response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
	}

	private void file(String name, String type, HttpServletResponse response) throws IOException {
		headers(response, type);
		response.getOutputStream().write(read(name));
	}

	private static byte[] read(String name) throws IOException {
		try (InputStream in = DashboardServlet.class.getResourceAsStream(STATIC + name)) {
			if (in == null) {
				throw new IOException("The dashboard's " + name + " is missing from the sqs-tasks jar");
			}
			return in.readAllBytes();
		}
	}

	private static void headers(HttpServletResponse response, String type) {
		response.setContentType(type);
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		// everything comes from this path: no inline script, no other origin, not in a frame of another site
		response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
				+ "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	}

	/**
	 * Returns the meta elements that give the page Spring Security's CSRF token, or nothing without Spring Security.
	 */
	private static String csrfMeta(HttpServletRequest request) {
		Object token = request.getAttribute(CSRF_TOKEN);
		if (token == null) {
			return "";
		}
		try {
			// by reflection: sqs-tasks does not depend on Spring Security
			Class<?> type = Class.forName(CSRF_TOKEN, false, token.getClass().getClassLoader());
			Method headerName = type.getMethod("getHeaderName");
			Method value = type.getMethod("getToken");
			return "<meta name=\"csrf-header\" content=\"" + HtmlUtils.htmlEscape((String) headerName.invoke(token))
					+ "\"><meta name=\"csrf-token\" content=\"" + HtmlUtils.htmlEscape((String) value.invoke(token))
					+ "\">";
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("Cannot read Spring Security's CSRF token for the sqs-tasks dashboard; its buttons will be "
					+ "refused: {}", ex.toString());
			return "";
		}
	}

	private void respond(HttpServletResponse response, Action action) throws IOException {
		Object body;
		int status = 200;
		try {
			body = action.run();
		}
		catch (DashboardException ex) {
			status = ex.status();
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("error", ex.getMessage());
			body = error;
		}
		response.setStatus(status);
		headers(response, "application/json");
		this.json.writeValue(response.getOutputStream(), body);
	}

	private static int max(@Nullable String max) {
		if (max == null || max.isBlank()) {
			return DashboardData.DEFAULT_MAX_DEAD_LETTERS;
		}
		try {
			return Integer.parseInt(max.trim());
		}
		catch (NumberFormatException ex) {
			throw new DashboardException(400, "Parameter max is not a number: '" + LogSafe.name(max) + "'");
		}
	}

	private static DashboardException notFound(HttpServletRequest request) {
		return new DashboardException(404, "No dashboard resource " + request.getMethod() + " "
				+ LogSafe.name(request.getPathInfo()));
	}

	@FunctionalInterface
	private interface Action {

		Object run();

	}

}
