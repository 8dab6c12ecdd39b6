package io.github.sqstasks.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What one chaos worker process did, appended line by line to a file of its own, each line with one {@code write}
 * call, so that a line is in the file (the kernel's page cache) before the call returns, and survives a SIGKILL of the
 * process right after.
 *
 * <p>Handler starts and ends carry a sequence number drawn from a counter shared by every worker process: a
 * {@code long} in a memory-mapped file, incremented atomically. Sorting all workers' lines by it orders the handler
 * events of the whole fleet as they happened, which the FIFO checks need (a start drawn after an end happened after
 * it). Lines:
 * <ul>
 * <li>{@code S seq queue id group index messageId receiveCount millis}: a handler starts ({@code group} and
 * {@code index} are {@code -1} on the standard queue)</li>
 * <li>{@code E seq queue id outcome millis}: it ends: {@code ok}, {@code retry}, {@code fail} (retried), {@code last} (failed
 * at the last attempt: dead-lettered), {@code fatal} ({@code DoNotRetry}: dead-lettered)</li>
 * <li>{@code R millis messageId/handle/queue:id ...}: a receive returned (possibly nothing); {@code handle} is a hash
 * of the receipt handle, {@code id} the task's id read from the body (negative for poison)</li>
 * <li>{@code X handle ...}: those messages were deleted, or given back (visibility 0)</li>
 * <li>{@code H millis bytes}: heap used after a full GC</li>
 * </ul>
 */
final class ChaosJournal implements AutoCloseable {

	private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
			ByteOrder.nativeOrder());

	private final FileChannel out;

	private final FileChannel sequenceFile;

	private final MappedByteBuffer sequence;

	ChaosJournal(Path file, Path sequenceFile) {
		try {
			this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
			this.sequenceFile = FileChannel.open(sequenceFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			this.sequence = this.sequenceFile.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Draws the next number of the fleet-wide sequence. */
	long next() {
		return (long) LONGS.getAndAdd(this.sequence, 0, 1L);
	}

	void line(String text) {
		ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
		try {
			// FileChannel serialises writes; with APPEND each line lands whole, after the previous one.
			while (bytes.hasRemaining()) {
				this.out.write(bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A 64-bit FNV-1a hash of a receipt handle: short enough for a line, and no map of handles in the worker. */
	static long handle(String receiptHandle) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < receiptHandle.length(); i++) {
			hash ^= receiptHandle.charAt(i);
			hash *= 0x100000001b3L;
		}
		return hash;
	}

	@Override
	public void close() throws IOException {
		this.out.close();
		this.sequenceFile.close();
	}

}
