package io.github.sqstasks.test.slice;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import org.springframework.stereotype.Component;

/**
 * A Jackson 2 module of the application, a component: reads {@code "12.34"} as 1234 {@link Cents}.
 */
@Component
class CentsModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	CentsModule() {
		super("cents");
		addDeserializer(Cents.class, new StdScalarDeserializer<>(Cents.class) {

			private static final long serialVersionUID = 1L;

			@Override
			public Cents deserialize(JsonParser parser, DeserializationContext context) throws IOException {
				return new Cents(new BigDecimal(parser.getValueAsString()).movePointRight(2).longValueExact());
			}

		});
	}

}
