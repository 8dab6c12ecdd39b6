package io.github.sqstasks.outbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The database of the outbox tests: a named in-memory H2 database per test by default; with
 * {@code -Doutbox.database=postgresql} (the {@code postgresql} Maven profile) one PostgreSQL cluster per test JVM,
 * started with Debian's {@code initdb} and {@code pg_ctl} on a free port in a temporary directory, and stopped when
 * the JVM exits. Tests keep apart by table names.
 */
final class TestDatabase {

	private static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("outbox.database"));

	private static String postgresUrl;

	private final String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	/**
	 * Returns the properties of a Spring Boot DataSource on this database, and of an outbox table of its own.
	 * @return {@code key=value} pairs
	 */
	String[] properties() {
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + url(),
				"sqs-tasks.outbox.table-name=" + outboxTable()));
		if (POSTGRESQL) {
			properties.addAll(List.of("spring.datasource.username=postgres", "spring.datasource.password=",
					"sqs-tasks.outbox.initialize-schema=always"));
		}
		return properties.toArray(String[]::new);
	}

	String outboxTable() {
		return "outbox_" + this.name;
	}

	/**
	 * Returns a table name of this test's own, for the application's data.
	 * @param table the table's name in the test
	 * @return the name in the database
	 */
	String table(String table) {
		return table + "_" + this.name;
	}

	private String url() {
		return POSTGRESQL ? postgres() : "jdbc:h2:mem:" + this.name + ";DB_CLOSE_DELAY=-1";
	}

	private static synchronized String postgres() {
		if (postgresUrl == null) {
			postgresUrl = startPostgres();
		}
		return postgresUrl;
	}

	private static String startPostgres() {
		try {
			Path bin = Files.list(Path.of("/usr/lib/postgresql"))
				.map((version) -> version.resolve("bin"))
				.filter((dir) -> Files.isExecutable(dir.resolve("initdb")))
				.max(Comparator.comparing(Path::toString))
				.orElseThrow(() -> new IllegalStateException("No PostgreSQL under /usr/lib/postgresql: "
						+ "apt-get install postgresql"));
			Path data = Files.createTempDirectory("sqs-tasks-pg");
			boolean root = "root".equals(System.getProperty("user.name"));
			if (root) {
				// initdb refuses to run as root.
				run(List.of("chown", "-R", "postgres:postgres", data.toString()), false);
			}
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			run(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-U", "postgres",
					"-A", "trust", "--no-sync", "-E", "UTF8"), root);
			run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-l",
					data.resolve("log").toString(), "-o",
					"-p " + port + " -h 127.0.0.1 -k " + data + " -c fsync=off", "start"), root);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m",
							"immediate", "-w", "stop"), root);
					run(List.of("rm", "-rf", data.toString()), false);
				}
				catch (IOException ex) {
					// The JVM is exiting: the directory stays in the temp dir.
				}
			}));
			return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start PostgreSQL: " + ex.getMessage(), ex);
		}
	}

	private static void run(List<String> command, boolean asPostgres) throws IOException {
		List<String> line = new ArrayList<>();
		if (asPostgres) {
			line.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
		}
		line.addAll(command);
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IOException(String.join(" ", line) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted: " + String.join(" ", line), ex);
		}
	}

}
