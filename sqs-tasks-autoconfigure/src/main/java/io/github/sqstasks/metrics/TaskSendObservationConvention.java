package io.github.sqstasks.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code sqstasks.send} observation of each job sent. A bean of this type replaces
 * {@link DefaultTaskSendObservationConvention}; extend that class to add key values to the defaults.
 */
public interface TaskSendObservationConvention extends ObservationConvention<TaskSendContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TaskSendContext;
	}

	@Override
	default String getName() {
		return "sqstasks.send";
	}

}
