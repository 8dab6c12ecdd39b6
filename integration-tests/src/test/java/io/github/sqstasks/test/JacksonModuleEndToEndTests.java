package io.github.sqstasks.test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Jackson {@code Module} bean of the application reaches both sides: the producer writes a value type with its
 * serializer, and the handler's parameter is bound with its deserializer.
 */
@SqsTaskTest(tasks = { JacksonModuleEndToEndTests.Payments.class, JacksonModuleEndToEndTests.MoneyModule.class })
class JacksonModuleEndToEndTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Payments payments;

	@Test
	void aValueTypeWithACustomSerializerAndDeserializerTravelsToItsHandler() {
		this.tasks.addJob("payments", "charge", Map.of("price", new Money(new BigDecimal("12.50"), "EUR")));
		assertThat(this.sqs.enqueued("payments")).singleElement()
			.satisfies((job) -> assertThat(job.arguments()).containsEntry("price", "12.50 EUR"));

		this.sqs.processUntilIdle(Duration.ofSeconds(10));

		assertThat(this.payments.charged).hasValue(new Money(new BigDecimal("12.50"), "EUR"));
	}

	static class Payments {

		final AtomicReference<Money> charged = new AtomicReference<>();

		@SqsTask(queue = "payments")
		void charge(Money price) {
			this.charged.set(price);
		}

	}

	/** A value without accessors or creators: only the module's serializer and deserializer know its form. */
	static final class Money {

		private final BigDecimal amount;

		private final String currency;

		Money(BigDecimal amount, String currency) {
			this.amount = amount;
			this.currency = currency;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Money money && this.amount.equals(money.amount)
					&& this.currency.equals(money.currency);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.amount, this.currency);
		}

		@Override
		public String toString() {
			return this.amount.toPlainString() + " " + this.currency;
		}

	}

	static class MoneyModule extends SimpleModule {

		private static final long serialVersionUID = 1L;

		MoneyModule() {
			super("money");
			addSerializer(Money.class, new StdScalarSerializer<>(Money.class) {

				private static final long serialVersionUID = 1L;

				@Override
				public void serialize(Money value, JsonGenerator generator, SerializerProvider provider)
						throws IOException {
					generator.writeString(value.toString());
				}

			});
			addDeserializer(Money.class, new StdScalarDeserializer<>(Money.class) {

				private static final long serialVersionUID = 1L;

				@Override
				public Money deserialize(JsonParser parser, DeserializationContext context) throws IOException {
					String[] parts = parser.getValueAsString().split(" ");
					return new Money(new BigDecimal(parts[0]), parts[1]);
				}

			});
		}

	}

}
