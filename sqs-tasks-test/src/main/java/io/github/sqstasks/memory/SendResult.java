package io.github.sqstasks.memory;

import org.jspecify.annotations.Nullable;

/**
 * What SendMessage reports about an accepted message.
 * @param messageId the id of the message (for a FIFO duplicate, the original's)
 * @param md5OfBody the MD5 of the body
 * @param md5OfAttributes the MD5 of the message attributes, or {@code null}
 * @param md5OfSystemAttributes the MD5 of the message system attributes, or {@code null}
 * @param sequenceNumber the FIFO sequence number, or {@code null}
 */
record SendResult(String messageId, String md5OfBody, @Nullable String md5OfAttributes,
		@Nullable String md5OfSystemAttributes, @Nullable String sequenceNumber) {
}
