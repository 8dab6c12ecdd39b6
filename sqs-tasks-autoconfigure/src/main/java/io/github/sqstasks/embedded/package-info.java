/**
 * The in-JVM ElasticMQ development broker.
 */
@NullMarked
package io.github.sqstasks.embedded;

import org.jspecify.annotations.NullMarked;
