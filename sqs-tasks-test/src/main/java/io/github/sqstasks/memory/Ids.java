package io.github.sqstasks.memory;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes message ids and FIFO sequence numbers in the shapes SQS uses.
 */
final class Ids {

	private Ids() {
	}

	/** A random (version 4) UUID; unlike {@link UUID#randomUUID()} it needs no shared secure random. */
	static String messageId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
		long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/** SQS sequence numbers are decimal strings of up to 128 bits; twenty digits keep them sortable as text. */
	static String sequenceNumber(long counter) {
		return String.format("%020d", counter);
	}

}
