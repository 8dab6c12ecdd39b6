package io.github.sqstasks.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 403 and a JSON body saying why, every request other than GET and HEAD under the paths it guards when
 * the browser says it comes from another site, so that a web page cannot purge, redrive, replay or discard messages
 * through the browser of someone who can reach the application. Used by the Actuator endpoint and the dashboard.
 * <p>
 * A request comes from another site when its {@code Origin} differs in scheme, host or port from the request's own
 * (as Spring's CORS support compares them, so after {@code ForwardedHeaderFilter} or the server's remote-IP handling
 * applied {@code X-Forwarded-*}, and never reading those headers itself), or its {@code Sec-Fetch-Site} is
 * {@code cross-site} or {@code same-site}. Requests without either header (curl, scripts) pass.
 * <p>
 * It does not require {@code Content-Type: application/json} on top: every current browser sends {@code Origin} on a
 * request that is neither GET nor HEAD, {@code no-cors} ones included, so the check above already covers the requests
 * a content type would, and plain {@code curl -X POST} keeps working.
 */
public final class CrossSiteRequestGuard extends OncePerRequestFilter {

	/**
	 * Runs right after {@code ForwardedHeaderFilter} (registered by Spring Boot at {@link Ordered#HIGHEST_PRECEDENCE}),
	 * so that the request's scheme, host and port are those it applied, and before security filters.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private static final Logger logger = LoggerFactory.getLogger(CrossSiteRequestGuard.class);

	private static final ObjectMapper json = new ObjectMapper();

	private final List<String> pathPrefixes;

	/**
	 * Creates a guard of the given paths and everything under them.
	 * @param pathPrefixes paths as seen by the servlet that serves them, like {@code /actuator/sqstasks}; an empty
	 * path guards every request the filter is mapped to
	 */
	public CrossSiteRequestGuard(List<String> pathPrefixes) {
		this.pathPrefixes = pathPrefixes.stream().map(CrossSiteRequestGuard::withoutTrailingSlash).toList();
	}

	/**
	 * Returns a registration of a guard of the given paths, for the web server of the context that holds it.
	 * @param name the filter's name, unique in its context
	 * @param pathPrefixes the paths to guard, as seen by the servlet that serves them
	 * @return the registration
	 */
	public static FilterRegistrationBean<CrossSiteRequestGuard> registration(String name, List<String> pathPrefixes) {
		FilterRegistrationBean<CrossSiteRequestGuard> registration = new FilterRegistrationBean<>(
				new CrossSiteRequestGuard(pathPrefixes));
		registration.setName(name);
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * Returns the guarded paths, without trailing slash.
	 * @return the paths
	 */
	public List<String> pathPrefixes() {
		return this.pathPrefixes;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())
				|| !guards(pathWithinServlet(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String crossSite = crossSite(request);
		if (crossSite == null) {
			chain.doFilter(request, response);
			return;
		}
		String path = pathWithinServlet(request);
		String error = "Refused " + request.getMethod() + " " + path + ": the browser says it comes from another site ("
				+ crossSite + "). sqs-tasks refuses write operations from other sites so that a web page cannot change "
				+ "queues through a visitor's browser. Send it from a page of this origin, or without a browser "
				+ "(curl, a script); behind a proxy, set server.forward-headers-strategy so that the application "
				+ "sees its public origin.";
		logger.warn(error);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", path);
		body.put("error", error);
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), body);
	}

	/**
	 * Describes why the request comes from another site, or returns {@code null} when nothing says it does.
	 */
	private static @Nullable String crossSite(HttpServletRequest request) {
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null) {
			String site = fetchSite.trim().toLowerCase(Locale.ROOT);
			if (site.equals("cross-site") || site.equals("same-site")) {
				return "Sec-Fetch-Site: " + fetchSite;
			}
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !sameOrigin(request)) {
			return "Origin '" + origin + "', while this server is '" + ownOrigin(request) + "'";
		}
		return null;
	}

	private static boolean sameOrigin(HttpServletRequest request) {
		try {
			return !CorsUtils.isCorsRequest(request);
		}
		catch (RuntimeException ex) {
			// an Origin that is not a URL ("null" from sandboxed frames and file pages, or garbage)
			return false;
		}
	}

	private static String ownOrigin(HttpServletRequest request) {
		return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
	}

	private boolean guards(String path) {
		for (String prefix : this.pathPrefixes) {
			if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the path as the serving servlet sees it: the container has decoded and normalized it, and left out the
	 * context path (for example {@code management.server.base-path}) and a servlet mapping such as
	 * {@code spring.mvc.servlet.path}, which Actuator paths do not include.
	 */
	private static String pathWithinServlet(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? pathInfo : request.getServletPath();
	}

	private static String withoutTrailingSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
