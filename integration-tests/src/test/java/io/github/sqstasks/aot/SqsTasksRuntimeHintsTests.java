package io.github.sqstasks.aot;

import java.util.List;
import java.util.Optional;

import io.github.sqstasks.TaskContext;
import io.github.sqstasks.TaskMessage;
import io.github.sqstasks.annotation.SqsRawTask;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.client.EnableSqsTaskClients;
import io.github.sqstasks.client.SqsTaskClient;
import io.github.sqstasks.deadletter.DeadLetter;
import io.github.sqstasks.producer.BakedTask;
import io.github.sqstasks.producer.JobOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processing an application ahead of time (what {@code spring-boot:process-aot} does) registers the runtime hints
 * sqs-tasks needs in a native image: its {@code aot.factories} entries are found, handler methods are invocable, the
 * types their arguments bind to are readable by Jackson, task clients get their JDK proxy, and the library's own
 * serialised records are registered. The run of the AOT-processed sample on the JVM is {@code ShopAotIT}.
 */
class SqsTasksRuntimeHintsTests {

	private RuntimeHints hints;

	@BeforeEach
	void processAheadOfTime() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(Application.class, OrderTasks.class, Unrelated.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Application")), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		this.hints = generation.getRuntimeHints();
	}

	@Test
	void handlerMethodsAreInvocable() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTasks.class, "place"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTasks.class, "placeMany"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTasks.class, "tick"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTasks.class, "notATask"))
			.rejects(this.hints);
	}

	@Test
	void typesHandlerArgumentsBindToAreRegisteredWithTheirGenericElementTypes() {
		for (Class<?> type : List.of(Order.class, Customer.class, Line.class, Address.class, Parcel.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "customer"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(Line.class.getDeclaredConstructors()[0]))
			.accepts(this.hints);
	}

	@Test
	void beansWithoutHandlersGetNoHints() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Unrelated.class, "handle"))
			.rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(NotBound.class)).rejects(this.hints);
	}

	@Test
	void taskClientsGetAJdkProxyAndTheirArgumentTypes() {
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderClient.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Gift.class)).accepts(this.hints);
	}

	@Test
	void recordsTheLibrarySerialisesAreRegistered() {
		for (Class<?> type : List.of(BakedTask.class, JobOptions.class, DeadLetter.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(BakedTask.class, "arguments"))
			.accepts(this.hints);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSqsTaskClients(basePackageClasses = SqsTasksRuntimeHintsTests.class)
	static class Application {

	}

	static class OrderTasks {

		@SqsTask(queue = "orders")
		void place(Order order, List<Line> lines, Optional<Address> shipTo, TaskContext context) {
		}

		@SqsTask(queue = "orders", batch = true)
		void placeMany(List<Parcel> parcels) {
		}

		@SqsRawTask(queue = "cron")
		void tick(TaskMessage message) {
		}

		void notATask(NotBound value) {
		}

	}

	static class Unrelated {

		void handle(String value) {
		}

	}

	@SqsTaskClient(queue = "orders")
	interface OrderClient {

		String give(Gift gift);

	}

	record Order(String id, Customer customer) {
	}

	record Customer(String email) {
	}

	record Line(String sku, int quantity) {
	}

	record Address(String city) {
	}

	record Parcel(String id) {
	}

	record Gift(String wrapping) {
	}

	record NotBound(String value) {
	}

}
