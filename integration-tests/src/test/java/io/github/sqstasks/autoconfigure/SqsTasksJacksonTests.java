package io.github.sqstasks.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.github.sqstasks.core.TaskCodec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications shape the mapper sqs-tasks writes arguments and binds parameters with: Jackson 2 {@code Module} beans
 * and {@link SqsTasksObjectMapperCustomizer} beans are applied to its defaults, and an {@code ObjectMapper} bean
 * qualified {@code sqsTasksObjectMapper} replaces it; other {@code ObjectMapper} beans are left alone.
 */
class SqsTasksJacksonTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SqsTasksAutoConfiguration.class, SqsAutoConfiguration.class,
				AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, SharedBroker::client)
		.withPropertyValues("sqs-tasks.listener.enabled=false");

	@Test
	void whenNothingIsCustomizedThenTheMapperHasTheLibrarysDefaults() {
		this.runner.run((context) -> {
			ObjectMapper mapper = context.getBean(TaskCodec.class).objectMapper();
			assertThat(mapper.getRegisteredModuleIds()).contains("jackson-datatype-jsr310");
			assertThat(mapper.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).isFalse();
		});
	}

	@Test
	void aCustomizerBeanIsAppliedOnTopOfTheDefaults() {
		this.runner.withBean(SqsTasksObjectMapperCustomizer.class,
				() -> (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
			.run((context) -> {
				ObjectMapper mapper = context.getBean(TaskCodec.class).objectMapper();
				assertThat(mapper.getPropertyNamingStrategy()).isSameAs(PropertyNamingStrategies.SNAKE_CASE);
				assertThat(mapper.getRegisteredModuleIds()).contains("jackson-datatype-jsr310");
				assertThat(mapper.writeValueAsString(new Order1("x-1"))).isEqualTo("{\"order_id\":\"x-1\"}");
			});
	}

	@Test
	void customizersRunInOrderAfterTheApplicationsModules() {
		this.runner.withUserConfiguration(OrderedCustomizers.class).run((context) -> {
			ObjectMapper mapper = context.getBean(TaskCodec.class).objectMapper();
			assertThat(mapper.getRegisteredModuleIds()).contains("app-module");
			// the later customizer wins
			assertThat(mapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isFalse();
		});
	}

	@Test
	void aModuleBeanReachesTheMapper() {
		this.runner.withBean("appModule", SimpleModule.class, () -> new SimpleModule("app-module"))
			.run((context) -> assertThat(context.getBean(TaskCodec.class).objectMapper().getRegisteredModuleIds())
				.contains("app-module", "jackson-datatype-jsr310"));
	}

	@Test
	void aQualifiedObjectMapperBeanReplacesTheMapper() {
		this.runner.withUserConfiguration(QualifiedMapper.class)
			.run((context) -> assertThat(context.getBean(TaskCodec.class).objectMapper())
				.isSameAs(context.getBean(QualifiedMapper.class).mapper));
	}

	@Test
	void anObjectMapperBeanNamedSqsTasksObjectMapperReplacesTheMapper() {
		ObjectMapper mine = new ObjectMapper();
		this.runner.withBean("sqsTasksObjectMapper", ObjectMapper.class, () -> mine)
			.run((context) -> assertThat(context.getBean(TaskCodec.class).objectMapper()).isSameAs(mine));
	}

	@Test
	void theApplicationsOtherObjectMapperIsNotUsed() {
		ObjectMapper web = new ObjectMapper();
		this.runner.withBean("objectMapper", ObjectMapper.class, () -> web).run((context) -> {
			assertThat(context.getBean(TaskCodec.class).objectMapper()).isNotSameAs(web);
			assertThat(context.getBean(ObjectMapper.class)).isSameAs(web);
		});
	}

	record Order1(String orderId) {
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedMapper {

		final ObjectMapper mapper = new ObjectMapper();

		@Bean
		@Qualifier("sqsTasksObjectMapper")
		ObjectMapper tasksMapper() {
			return this.mapper;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		@Bean
		SimpleModule appModule() {
			return new SimpleModule("app-module");
		}

		@Bean
		@Order(2)
		SqsTasksObjectMapperCustomizer indentOff() {
			return (builder) -> builder.disable(SerializationFeature.INDENT_OUTPUT);
		}

		@Bean
		@Order(1)
		SqsTasksObjectMapperCustomizer indentOn() {
			return (builder) -> builder.enable(SerializationFeature.INDENT_OUTPUT);
		}

	}

}
