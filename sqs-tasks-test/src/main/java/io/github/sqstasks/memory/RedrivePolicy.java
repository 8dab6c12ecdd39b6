package io.github.sqstasks.memory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queue's dead-letter settings: where messages go and after how many receives.
 * @param deadLetterTargetArn the ARN of the dead-letter queue
 * @param maxReceiveCount how many receives a message gets before it is moved
 */
record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

	// The JSON is two flat fields; a pattern avoids tying this package to a JSON library.
	private static final Pattern TARGET = Pattern.compile("\"deadLetterTargetArn\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)\"?");

	static RedrivePolicy parse(String json) {
		Matcher target = TARGET.matcher(json);
		Matcher count = COUNT.matcher(json);
		if (!target.find() || !count.find()) {
			throw SqsErrors.invalidParameter("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
					+ "Redrive policy is not a valid JSON map with deadLetterTargetArn and maxReceiveCount.");
		}
		int maxReceiveCount;
		try {
			maxReceiveCount = Integer.parseInt(count.group(1));
		}
		catch (NumberFormatException ex) {
			maxReceiveCount = -1;
		}
		if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
			throw SqsErrors.invalidParameter("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
					+ "Invalid value for maxReceiveCount: " + count.group(1) + ", valid values are from 1 to 1000.");
		}
		return new RedrivePolicy(target.group(1), maxReceiveCount);
	}

	String toJson() {
		return "{\"deadLetterTargetArn\":\"" + this.deadLetterTargetArn + "\",\"maxReceiveCount\":"
				+ this.maxReceiveCount + "}";
	}

}
