package io.github.sqstasks.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code sqstasks.task} observation of each handler run. A bean of this type replaces
 * {@link DefaultTaskProcessObservationConvention}; extend that class to add key values to the defaults.
 */
public interface TaskProcessObservationConvention extends ObservationConvention<TaskProcessContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TaskProcessContext;
	}

	@Override
	default String getName() {
		return "sqstasks.task";
	}

}
