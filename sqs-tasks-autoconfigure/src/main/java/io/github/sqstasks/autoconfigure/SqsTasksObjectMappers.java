package io.github.sqstasks.autoconfigure;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.sqstasks.core.TaskCodec;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds sqs-tasks' own mapper from its defaults, the application's Jackson 2 modules and its customizers. It is not a
 * bean: an {@code ObjectMapper} bean would change which mapper the rest of the application gets by type.
 */
final class SqsTasksObjectMappers {

	/** The qualifier (or bean name) of an {@code ObjectMapper} bean that replaces sqs-tasks' mapper outright. */
	static final String QUALIFIER = "sqsTasksObjectMapper";

	private SqsTasksObjectMappers() {
	}

	static ObjectMapper create(ObjectProvider<Module> modules, ObjectProvider<SqsTasksObjectMapperCustomizer> customizers) {
		JsonMapper.Builder builder = TaskCodec.defaultMapperBuilder();
		modules.orderedStream().forEach(builder::addModule);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
