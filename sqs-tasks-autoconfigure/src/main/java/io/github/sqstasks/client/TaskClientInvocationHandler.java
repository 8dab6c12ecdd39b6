package io.github.sqstasks.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.sqstasks.producer.SqsTaskTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Turns calls on a task client proxy into {@code SqsTaskTemplate.addJob} calls.
 */
final class TaskClientInvocationHandler implements InvocationHandler {

	private final Class<?> client;

	private final String queue;

	private final Supplier<SqsTaskTemplate> template;

	private final Map<Method, ClientMethod> methods = new LinkedHashMap<>();

	TaskClientInvocationHandler(Class<?> client, String queue, Supplier<SqsTaskTemplate> template) {
		this.client = client;
		this.queue = queue;
		this.template = template;
		for (Method method : client.getMethods()) {
			if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
				this.methods.put(method, ClientMethod.of(client, method));
			}
		}
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		@Nullable Object[] values = (args != null) ? args : new Object[0];
		ClientMethod target = this.methods.get(method);
		if (target != null) {
			String id = this.template.get().addJob(this.queue, target.task(), target.arguments(values),
					target.options(values));
			return target.returnsMessageId() ? id : null;
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, values);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == values[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> "SqsTaskClient " + this.client.getName() + " (queue '" + this.queue + "')";
			default -> throw new UnsupportedOperationException(method.toString());
		};
	}

	private static boolean isObjectMethod(Method method) {
		try {
			Object.class.getMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
