package io.github.sqstasks.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * The messages of {@code pickle/fixtures.json}, made by the Python library sqs-workers with
 * {@code src/test/python/make_pickle_fixtures.py}.
 */
public final class PickleFixtures {

	private static final List<Fixture> ALL = load();

	private PickleFixtures() {
	}

	/**
	 * Returns every fixture.
	 * @return the fixtures in the file's order
	 */
	public static List<Fixture> all() {
		return ALL;
	}

	/**
	 * Returns one fixture.
	 * @param name its name
	 * @return the fixture
	 */
	public static Fixture named(String name) {
		return ALL.stream()
			.filter((fixture) -> fixture.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No pickle fixture named '" + name + "'"));
	}

	private static List<Fixture> load() {
		ObjectMapper mapper = new ObjectMapper();
		try (InputStream in = PickleFixtures.class.getResourceAsStream("/pickle/fixtures.json")) {
			List<Fixture> fixtures = new ArrayList<>();
			for (JsonNode node : mapper.readTree(in).get("fixtures")) {
				fixtures.add(new Fixture(node.get("name").textValue(), node.get("made_by").textValue(),
						node.get("content_type").textValue(), node.get("body").textValue(),
						node.get("job_context").textValue(), node.get("expected"),
						node.get("context"), node.get("refused").textValue()));
			}
			return List.copyOf(fixtures);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One message as sqs-workers sent it.
	 * @param name what it shows
	 * @param madeBy how it was made
	 * @param contentType its {@code ContentType} attribute
	 * @param body its body
	 * @param jobContext its {@code JobContext} attribute, when it has one
	 * @param expected its arguments as JSON ({@code null} JSON when refused)
	 * @param context the context it carries
	 * @param refused a word of what is wrong with it, when a consumer must refuse it
	 */
	public record Fixture(String name, String madeBy, String contentType, String body, @Nullable String jobContext,
			JsonNode expected, JsonNode context, @Nullable String refused) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
