package io.github.sqstasks.test.slice;

import java.time.ZoneId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A configuration class of the application: a task slice's scanning leaves it out, as Boot's slices do.
 */
@Configuration(proxyBeanMethods = false)
class SliceBeans {

	@Bean
	ZoneId shopZone() {
		return ZoneId.of("Europe/Berlin");
	}

}
