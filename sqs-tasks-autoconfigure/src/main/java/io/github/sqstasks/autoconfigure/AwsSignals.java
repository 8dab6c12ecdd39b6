package io.github.sqstasks.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Finds signs that an application is set up for a real AWS account: a region, credentials or a profile, in Spring
 * Cloud AWS properties or in the environment variables and system properties the AWS SDK reads. Spring's
 * {@link Environment} holds environment variables and system properties as properties, so one lookup covers all.
 */
final class AwsSignals {

	/** Looked up in this order, so that the first one found is the name the user wrote. */
	private static final List<String> PROPERTIES = List.of("spring.cloud.aws.region.static",
			"spring.cloud.aws.sqs.region", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_PROFILE",
			"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
			"AWS_WEB_IDENTITY_TOKEN_FILE", "aws.region", "aws.accessKeyId", "aws.profile");

	/** Any key under these (credentials, or a region from a profile or the instance metadata) is a sign too. */
	private static final List<ConfigurationPropertyName> PREFIXES = List.of(
			ConfigurationPropertyName.of("spring.cloud.aws.credentials"),
			ConfigurationPropertyName.of("spring.cloud.aws.region"));

	private AwsSignals() {
	}

	/**
	 * Returns the first sign of an AWS set-up, or {@code null}; a blank value is no sign.
	 * @param environment the application's environment
	 * @return the sign, naming the property and where it was set
	 */
	static @Nullable Signal find(Environment environment) {
		for (String name : PROPERTIES) {
			if (isSet(environment, name)) {
				return new Signal(name, sourceOf(environment, name));
			}
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				Signal signal = iterable.stream()
					.filter((name) -> PREFIXES.stream().anyMatch((prefix) -> prefix.isAncestorOf(name)))
					.map(iterable::getConfigurationProperty)
					.filter((property) -> property != null && StringUtils.hasText(String.valueOf(property.getValue())))
					.map((property) -> new Signal(property.getName().toString(), sourceName(source)))
					.findFirst()
					.orElse(null);
				if (signal != null) {
					return signal;
				}
			}
		}
		return null;
	}

	private static boolean isSet(Environment environment, String name) {
		try {
			return StringUtils.hasText(environment.getProperty(name));
		}
		catch (IllegalArgumentException ex) {
			// A placeholder that does not resolve (region.static: ${AWS_REGION}) still says the application wants AWS.
			return true;
		}
	}

	private static String sourceName(ConfigurationPropertySource source) {
		return (source.getUnderlyingSource() instanceof PropertySource<?> propertySource) ? propertySource.getName()
				: "the environment";
	}

	private static String sourceOf(Environment environment, String name) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
						&& source.containsProperty(name)) {
					return source.getName();
				}
			}
		}
		return "the environment";
	}

	/**
	 * A sign of an AWS set-up.
	 * @param name the property, environment variable or system property
	 * @param source where it was set, for example {@code systemEnvironment}
	 */
	record Signal(String name, String source) {

		@Override
		public String toString() {
			return this.name + " (" + this.source + ")";
		}

	}

}
