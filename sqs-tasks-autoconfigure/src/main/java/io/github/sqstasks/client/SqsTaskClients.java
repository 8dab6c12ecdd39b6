package io.github.sqstasks.client;

import java.lang.reflect.Proxy;
import java.util.function.Supplier;

import io.github.sqstasks.producer.SqsTaskTemplate;

/**
 * Creates task client proxies by hand, for code that does not let sqs-tasks register them as beans.
 */
public final class SqsTaskClients {

	private SqsTaskClients() {
	}

	/**
	 * Creates a client whose methods send jobs with the given template.
	 * @param <T> the client type
	 * @param client the client interface; its {@link SqsTaskClient} annotation, if any, is not read
	 * @param queue the queue name without prefix, placeholders already resolved
	 * @param template the template that sends
	 * @return the client
	 * @throws IllegalStateException when a method cannot be a client method (return type, parameter names)
	 */
	public static <T> T create(Class<T> client, String queue, SqsTaskTemplate template) {
		return create(client, queue, () -> template);
	}

	static <T> T create(Class<T> client, String queue, Supplier<SqsTaskTemplate> template) {
		if (!client.isInterface()) {
			throw new IllegalStateException(client.getName() + " is not an interface: @SqsTaskClient marks "
					+ "interfaces, which sqs-tasks implements.");
		}
		TaskClientInvocationHandler handler = new TaskClientInvocationHandler(client, queue, template);
		return client.cast(Proxy.newProxyInstance(client.getClassLoader(), new Class<?>[] { client }, handler));
	}

}
