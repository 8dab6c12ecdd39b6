package io.github.sqstasks.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.core.PickleFixtures.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link PickleReader} through {@link TaskCodec} on messages the Python library sqs-workers made: plain data reads
 * into the tree the same arguments sent as JSON would give; anything else is refused with the opcode and offset.
 */
class PickleReaderTests {

	/** What the reason of each refused fixture says; every refused fixture must be listed. */
	private static final Map<String, String> REASONS = Map.ofEntries(
			Map.entry("object instance", "a reference to '__main__.Account', which would be imported and called or "
					+ "instantiated; only dict, list, tuple, set, str, bytes, int, float, bool and None are read"),
			Map.entry("os.system via REDUCE", "a reference to 'posix.system'"),
			Map.entry("os.system via REDUCE, highest protocol", "a reference to 'posix.system'"),
			Map.entry("allowed global with other arguments", "a call of '_codecs.encode' with other arguments"),
			Map.entry("zlib bomb", "inflates to more than the maximum size of 1048576 bytes of pickle"),
			Map.entry("zlib bomb, small body", "inflates to more than the maximum size of 1048576 bytes of pickle"),
			Map.entry("deep nesting", "nests containers deeper than the maximum depth of 100"),
			Map.entry("self-referencing list", "nests containers deeper than the maximum depth of 100 (or holds a "
					+ "container that contains itself)"),
			Map.entry("huge element count through shared values", "holds more than 500000 elements"),
			Map.entry("huge memo", "more than 100000 memo entries"),
			Map.entry("huge int", "an int of more than 1000 digits"),
			Map.entry("non-string key", "a dict key that is an int; only str keys are read"),
			Map.entry("truncated pickle", "is a truncated pickle: it ends at byte"),
			Map.entry("content after STOP", "content after the end of the pickle (1 more bytes)"),
			Map.entry("truncated zlib", "is truncated zlib data"),
			Map.entry("not base64", "is not URL-safe base64"),
			Map.entry("list at top level", "is a pickle of a list, tuple or set at its top level; expected a dict"),
			Map.entry("non-string key at top level", "a dict key that is an int"),
			Map.entry("out-of-band buffer", "(opcode NEXT_BUFFER at byte"));

	private final TaskCodec codec = new TaskCodec(TaskCodec.defaultObjectMapper());

	private final ObjectMapper mapper = this.codec.objectMapper();

	static Stream<Fixture> accepted() {
		return PickleFixtures.all().stream().filter((fixture) -> fixture.refused() == null);
	}

	static Stream<Fixture> refused() {
		return PickleFixtures.all().stream().filter((fixture) -> fixture.refused() != null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void plainDataReadsAsTheArgumentsTheSameValuesSentAsJsonGive(Fixture fixture) throws Exception {
		ObjectNode arguments = this.codec.decodeArguments(fixture.body(), fixture.contentType());

		assertThat(this.mapper.readTree(this.mapper.writeValueAsString(arguments))).isEqualTo(fixture.expected());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void anythingButPlainDataIsRefusedWithItsReason(Fixture fixture) {
		assertThat(REASONS).containsKey(fixture.name());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decodeArguments(fixture.body(), fixture.contentType()))
			.withMessageStartingWith("the body (" + fixture.contentType() + ")")
			.withMessageContaining(REASONS.get(fixture.name()))
			.withMessageNotContaining("mallory")
			.withMessageNotContaining("echo pwned");
	}

	@Test
	void everyRefusedFixtureHasAnExpectedReason() {
		assertThat(refused().map(Fixture::name)).containsExactlyInAnyOrderElementsOf(REASONS.keySet());
	}

	@Test
	void aRefusedOpcodeIsNamedWithItsOffset() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decodeArguments(PickleFixtures.named("os.system via REDUCE").body(),
					WireFormat.PICKLE_COMPAT))
			.withMessageContaining("(opcode GLOBAL at byte ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decodeArguments(PickleFixtures.named("allowed global with other arguments")
				.body(), WireFormat.PICKLE_COMPAT))
			.withMessageContaining("(opcode REDUCE at byte ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "P", "Q", "b", "i", "o", "\u0081", "\u0082", "\u0083", "\u0084", "\u0092", "\u0097",
			"\u0098", "\u00ff" })
	void everyOpcodeThatBuildsObjectsIsRefusedBeforeItReadsItsOperands(String opcode) {
		byte[] pickle = { (byte) 0x80, 2, (byte) opcode.charAt(0), '.' };

		assertThatIllegalArgumentException()
			.isThrownBy(() -> PickleReader.read(pickle, PickleReader.Limits.DEFAULT, "the body"))
			.withMessageContaining("(opcode " + PickleOpcodes.name(opcode.charAt(0)) + " at byte 2)")
			.withMessageContaining("only dict, list, tuple, set, str, bytes, int, float, bool and None are read");
	}

	@Test
	void bytesAreBinaryNodesThatBindToByteArrays() throws Exception {
		for (String codec : new String[] { "pickle_compat", "pickle" }) {
			JsonNode data = this.codec.decodeArguments(PickleFixtures.named(codec + " bytes").body(), codec).get("data");

			assertThat(data.isBinary()).isTrue();
			assertThat(this.mapper.treeToValue(data, byte[].class))
				.isEqualTo("\u0000\u0001\u00fe\u00ffbinary".getBytes(StandardCharsets.ISO_8859_1));
		}
	}

	@Test
	void intsBeyondSixtyFourBitsAreBigIntegers() {
		JsonNode big = this.codec.decodeArguments(PickleFixtures.named("pickle_compat big ints").body(),
				WireFormat.PICKLE_COMPAT).get("big");

		assertThat(big.isBigInteger()).isTrue();
		assertThat(big.bigIntegerValue()).isEqualTo(BigInteger.TWO.pow(100));
	}

	@Test
	void theContextIsReadWithTheBodysCodec() {
		Fixture fixture = PickleFixtures.named("pickle_compat with context");

		TaskContext context = this.codec.decodeContext(fixture.jobContext(), fixture.contentType());

		assertThat(context.asMap()).containsExactly(Map.entry("remote_addr", "10.0.0.1"), Map.entry("request_id", "42"));
		assertThat(fixture.context().get("request_id").intValue()).isEqualTo(42);
	}

	@Test
	void anEmptyPickledContextIsAnEmptyContext() {
		assertThat(this.codec.decodeContext(PickleFixtures.named("pickle_compat plain").jobContext(),
				WireFormat.PICKLE_COMPAT).isEmpty()).isTrue();
	}

	@Test
	void aPickledContextThatIsNotADictIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decodeContext(PickleFixtures.named("list at top level").body(),
					WireFormat.PICKLE_COMPAT))
			.withMessage("the JobContext attribute is not a pickle of a dict");
	}

	@Test
	void aPickleIsNeverReadForAnotherContentType() {
		String body = PickleFixtures.named("pickle_compat plain").body();

		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decodeArguments(body, WireFormat.JSON))
			.withMessageContaining("is not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decodeArguments(body, null))
			.withMessageContaining("is not valid JSON");
	}

	@Test
	void protocolZeroTextFormsAreReadAsPythonReadsThem() {
		byte[] pickle = ("(dp0\nVk\\u00e9y\\u005c\\U0001f600\np1\nS'a\\'b\\n\\x41'\np2\nsVb\np3\nI01\nsVi\np4\n"
				+ "L-12345678901234567890L\nsVf\np5\nF-1.5e3\nsVn\np6\nFnan\ns.").getBytes(StandardCharsets.ISO_8859_1);

		JsonNode node = PickleReader.read(pickle, PickleReader.Limits.DEFAULT, "the body");

		assertThat(node.get("k\u00e9y\\\uD83D\uDE00").textValue()).isEqualTo("a'b\nA");
		assertThat(node.get("b").booleanValue()).isTrue();
		assertThat(node.get("i").bigIntegerValue()).isEqualTo(new BigInteger("-12345678901234567890"));
		assertThat(node.get("f").doubleValue()).isEqualTo(-1500.0);
		assertThat(node.get("n").doubleValue()).isNaN();
	}

	@Test
	void memoReferencesToEntriesNeverStoredAreRefused() {
		byte[] pickle = { (byte) 0x80, 2, '}', 'h', 7, '.' };

		assertThatIllegalArgumentException()
			.isThrownBy(() -> PickleReader.read(pickle, PickleReader.Limits.DEFAULT, "the body"))
			.withMessage("the body cannot be read: a memo entry that was never stored (opcode BINGET at byte 3)");
	}

	@Test
	void lengthsBeyondTheEndAreRefusedBeforeAnythingIsAllocated() {
		byte[] pickle = { (byte) 0x80, 4, (byte) 0x8d, -1, -1, -1, -1, -1, -1, -1, 0x7f, '.' };

		assertThatIllegalArgumentException()
			.isThrownBy(() -> PickleReader.read(pickle, PickleReader.Limits.DEFAULT, "the body"))
			.withMessageContaining("a length beyond the end of the pickle (truncated) (opcode BINUNICODE8 at byte 2)");
	}

	@Test
	void appendingToSomethingOtherThanAListIsRefused() {
		byte[] pickle = { (byte) 0x80, 2, '}', 'N', 'a', '.' };

		assertThatIllegalArgumentException()
			.isThrownBy(() -> PickleReader.read(pickle, PickleReader.Limits.DEFAULT, "the body"))
			.withMessageContaining("(opcode APPEND at byte 4)");
	}

	@Test
	void theFixturesAreSqsWorkersOwnDefaultCodec() {
		Fixture fixture = PickleFixtures.named("pickle_compat plain");

		assertThat(fixture.madeBy()).isEqualTo("sqs-workers add_job");
		assertThat(Base64.getUrlDecoder().decode(fixture.body())[0]).isEqualTo((byte) 0x78);
	}

}
