package io.github.sqstasks.actuate;

import java.util.List;
import java.util.Objects;

import io.github.sqstasks.internal.CrossSiteRequestGuard;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Guards the {@code sqstasks} endpoint's write operations against cross-site requests in a servlet web application.
 * A management context configuration rather than part of {@link SqsTasksActuatorAutoConfiguration}: with
 * {@code management.server.port} set, the endpoint is served by a child context with its own web server, which
 * registers only the filters of that context.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
@ConditionalOnBean({ SqsTasksEndpoint.class, PathMappedEndpoints.class })
@ConditionalOnAvailableEndpoint(endpoint = SqsTasksEndpoint.class, exposure = EndpointExposure.WEB)
class SqsTasksWebManagementContextConfiguration {

	@Bean
	FilterRegistrationBean<CrossSiteRequestGuard> sqsTasksEndpointCrossSiteRequestGuard(PathMappedEndpoints endpoints) {
		// the path includes management.endpoints.web.base-path and a path mapping of the endpoint
		String path = Objects.requireNonNull(endpoints.getPath(EndpointId.of("sqstasks")),
				"the sqstasks endpoint is exposed over the web but has no path");
		return CrossSiteRequestGuard.registration("sqsTasksEndpointCrossSiteRequestGuard", List.of(path));
	}

}
