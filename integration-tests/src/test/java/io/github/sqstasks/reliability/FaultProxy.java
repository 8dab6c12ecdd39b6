package io.github.sqstasks.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting TCP proxy on loopback between SQS clients and a broker. Forwarding is plain sockets, two threads
 * per connection. {@link #cut()} closes every open connection at once (with a reset) and, until {@link #restore()},
 * drops every new one as soon as its request has been read; {@link #delay(Duration)} holds every chunk of forwarded
 * data, in both directions, for a while.
 *
 * <p>While cut, the proxy reads the head of each dropped request and counts it by its SQS operation (the
 * {@code X-Amz-Target} header of the AWS JSON protocol), so that a test can tell how often clients retried during an
 * outage, and which calls they were.
 */
final class FaultProxy implements AutoCloseable {

	private static final Pattern TARGET = Pattern.compile("(?i)x-amz-target:\\s*AmazonSQS\\.(\\w+)");

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final ExecutorService threads = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fault-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger dropped = new AtomicInteger();

	private final AtomicInteger cuts = new AtomicInteger();

	private final AtomicInteger delays = new AtomicInteger();

	private final Map<String, AtomicInteger> droppedRequests = new ConcurrentHashMap<>();

	private volatile boolean cut;

	private volatile long delayMillis;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param target the broker's endpoint
	 * @throws IOException when no port can be bound
	 */
	FaultProxy(URI target) throws IOException {
		this.target = new InetSocketAddress(target.getHost(), target.getPort());
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	/**
	 * Returns the endpoint clients should use.
	 * @return an {@code http://127.0.0.1:port} URI
	 */
	URI endpoint() {
		return URI.create("http://" + this.server.getInetAddress().getHostAddress() + ":" + this.server.getLocalPort());
	}

	/**
	 * Closes every open connection now and drops new ones until {@link #restore()}.
	 */
	void cut() {
		this.cut = true;
		this.cuts.incrementAndGet();
		this.links.forEach(Link::abort);
	}

	/**
	 * Forwards new connections again.
	 */
	void restore() {
		this.cut = false;
	}

	/**
	 * Holds every forwarded chunk of data for the given time, until called again with {@link Duration#ZERO}.
	 * @param latency the added latency per chunk and direction
	 */
	void delay(Duration latency) {
		if (!latency.isZero()) {
			this.delays.incrementAndGet();
		}
		this.delayMillis = latency.toMillis();
	}

	/** Returns how many connections clients opened, forwarded or not. */
	int connections() {
		return this.connections.get();
	}

	/** Returns how many new connections were dropped while cut. */
	int dropped() {
		return this.dropped.get();
	}

	/** Returns how many times the proxy was cut. */
	int cuts() {
		return this.cuts.get();
	}

	/** Returns how many times a latency was added. */
	int delays() {
		return this.delays.get();
	}

	/**
	 * Returns how many requests of an operation were dropped while cut.
	 * @param operation the SQS operation, such as {@code ReceiveMessage}
	 * @return the count
	 */
	int droppedRequests(String operation) {
		AtomicInteger count = this.droppedRequests.get(operation);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Returns the requests dropped while cut, by operation.
	 * @return a copy of the counts
	 */
	Map<String, Integer> droppedRequests() {
		Map<String, Integer> copy = new TreeMap<>();
		this.droppedRequests.forEach((operation, count) -> copy.put(operation, count.get()));
		return copy;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.links.forEach(Link::abort);
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.connections.incrementAndGet();
			this.threads.execute(this.cut ? () -> refuse(client) : () -> open(client));
		}
	}

	/**
	 * Reads what the client sends first (its request head, or whatever arrives within a moment), counts it, and drops
	 * the connection with a reset, as a broker that went away would.
	 */
	private void refuse(Socket client) {
		this.dropped.incrementAndGet();
		String operation = "unknown";
		try (client) {
			client.setSoTimeout(500);
			Matcher target = TARGET.matcher(readHead(client.getInputStream()));
			if (target.find()) {
				operation = target.group(1);
			}
			client.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Nothing readable came: counted as unknown.
		}
		this.droppedRequests.computeIfAbsent(operation, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private static String readHead(InputStream in) throws IOException {
		byte[] head = new byte[8192];
		int length = 0;
		String text = "";
		while (length < head.length && !text.contains("\r\n\r\n")) {
			int read = in.read(head, length, head.length - length);
			if (read < 0) {
				break;
			}
			length += read;
			text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
		}
		return text;
	}

	private void open(Socket client) {
		Socket upstream = new Socket();
		try {
			// Without TCP_NODELAY, Nagle's algorithm and delayed ACKs hold small HTTP writes for up to 40 ms each.
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(this.target, 2000);
		}
		catch (IOException ex) {
			abort(client);
			abort(upstream);
			return;
		}
		Link link = new Link(client, upstream);
		this.links.add(link);
		// A cut between the check in accept() and here must not leave this connection open.
		if (this.cut) {
			link.abort();
			return;
		}
		this.threads.execute(() -> pump(link, client, upstream));
		this.threads.execute(() -> pump(link, upstream, client));
	}

	private void pump(Link link, Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				long latency = this.delayMillis;
				if (latency > 0) {
					Thread.sleep(latency);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Closed by the other side or by a cut.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		link.abort();
	}

	private static void abort(Socket socket) {
		try {
			if (socket.isConnected() && !socket.isClosed()) {
				socket.setSoLinger(true, 0);
			}
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	/**
	 * A forwarded connection: the client's socket and the one to the broker.
	 */
	private final class Link {

		private final Socket client;

		private final Socket upstream;

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void abort() {
			FaultProxy.this.links.remove(this);
			FaultProxy.abort(this.client);
			FaultProxy.abort(this.upstream);
		}

	}

}
