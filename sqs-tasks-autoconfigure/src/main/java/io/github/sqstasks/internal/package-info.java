/**
 * Not an API: what the Actuator endpoint and the dashboard share (the queues an application knows, probes of their
 * message counts, the cross-site guard of write requests). Types here may change in any release; do not import them.
 */
@NullMarked
package io.github.sqstasks.internal;

import org.jspecify.annotations.NullMarked;
