package io.github.sqstasks.core;

import java.lang.reflect.Method;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.kotlin.KotlinModule;
import io.github.sqstasks.kotlin.KotlinTasks;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How the parameters of a Kotlin handler are bound: nullable types and default values make an argument optional, and
 * a data class that Jackson cannot create (no Kotlin module) fails start-up, not the first message.
 */
class KotlinDefinitionTests {

	private final KotlinTasks tasks = new KotlinTasks();

	@Test
	void nullableTypesAndDefaultValuesMakeArgumentsOptional() {
		TaskDefinitionFactory factory = new TaskDefinitionFactory(
				new ObjectMapper().registerModule(new KotlinModule.Builder().build()));

		TaskDefinition greet = factory.task("kotlin", "greet", this.tasks, method("greet"));
		assertThat(greet.arguments()).extracting(ParameterBinding.Argument::name, ParameterBinding.Argument::isRequired)
			.containsExactly(tuple("name", true),
					tuple("title", false));
		TaskDefinition remind = factory.task("kotlin", "remind", this.tasks, method("remind"));
		assertThat(remind.arguments()).extracting(ParameterBinding.Argument::name, ParameterBinding.Argument::defaulted)
			.containsExactly(tuple("to", false),
					tuple("text", true), tuple("times", true));
	}

	@Test
	void aDataClassWithoutJacksonsKotlinModuleFailsStartUpNamingTheParameterAndTheModule() {
		TaskDefinitionFactory factory = new TaskDefinitionFactory(new ObjectMapper());

		assertThatExceptionOfType(TaskDefinitionException.class)
			.isThrownBy(() -> factory.task("kotlin", "ship", this.tasks, method("ship")))
			.withMessageContaining("parameter 'shipment' of io.github.sqstasks.kotlin.KotlinTasks#ship")
			.withMessageContaining("Kotlin class io.github.sqstasks.kotlin.Shipment")
			.withMessageContaining("jackson-module-kotlin");
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(KotlinTasks.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new AssertionError(name);
	}

}
