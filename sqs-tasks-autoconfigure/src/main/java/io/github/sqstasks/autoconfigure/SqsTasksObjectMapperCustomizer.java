package io.github.sqstasks.autoconfigure;

import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Customizes the Jackson 2 mapper with which sqs-tasks writes job arguments and binds handler parameters; beans of
 * this type are applied in order, after the application's Jackson {@code Module} beans.
 */
@FunctionalInterface
public interface SqsTasksObjectMapperCustomizer {

	/**
	 * Customizes the mapper's builder, which holds sqs-tasks' defaults and the application's modules.
	 * @param builder the builder of the mapper
	 */
	void customize(JsonMapper.Builder builder);

}
