/**
 * Spring Boot Actuator support: the {@code sqstasks} endpoint and the {@code sqsTasks} health indicator.
 */
@NullMarked
package io.github.sqstasks.actuate;

import org.jspecify.annotations.NullMarked;
