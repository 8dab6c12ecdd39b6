package io.github.sqstasks.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kotlin.reflect.KFunction;
import kotlin.reflect.KParameter;
import kotlin.reflect.jvm.KCallablesJvm;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jspecify.annotations.Nullable;

import org.springframework.core.KotlinDetector;

/**
 * Kotlin handler methods: which parameters have a default value, and calls that leave those out so that Kotlin
 * applies the defaults. Only loaded for Kotlin classes when {@code kotlin-reflect} is present, as in Spring's own
 * Kotlin support; a Java method cannot express a default, so nothing changes for Java handlers.
 */
final class KotlinHandlers {

	private KotlinHandlers() {
	}

	/**
	 * Tells whether a method is declared in Kotlin and can be reflected on as Kotlin.
	 * @param method the handler method
	 * @return {@code true} for a Kotlin function with {@code kotlin-reflect} present
	 */
	static boolean isKotlin(Method method) {
		return KotlinDetector.isKotlinReflectPresent() && KotlinDetector.isKotlinType(method.getDeclaringClass());
	}

	/**
	 * Tells whether a class is declared in Kotlin.
	 * @param type the class
	 * @return {@code true} when Kotlin is present and the class carries Kotlin's metadata
	 */
	static boolean isKotlinType(Class<?> type) {
		return KotlinDetector.isKotlinPresent() && KotlinDetector.isKotlinType(type);
	}

	/**
	 * Tells whether a parameter of a Kotlin function has a default value.
	 * @param method the handler method, declared in Kotlin ({@link #isKotlin})
	 * @param index the parameter's position among the method's Java parameters
	 * @return {@code true} when it declares a default value
	 */
	static boolean hasDefault(Method method, int index) {
		return Reflection.hasDefault(method, index);
	}

	/**
	 * Calls a Kotlin function, leaving out the arguments that are {@code absent} so that their defaults apply.
	 * @param method the handler method, declared in Kotlin ({@link #isKotlin})
	 * @param bean the receiver
	 * @param values the arguments, {@code absent} where the default applies
	 * @param absent the marker of an argument left out
	 * @return what the function returned
	 * @throws Exception what the function threw
	 */
	static @Nullable Object callBy(Method method, Object bean, @Nullable Object[] values, Object absent)
			throws Exception {
		return Reflection.callBy(method, bean, values, absent);
	}

	/** The calls into kotlin-reflect, in a class of their own so that nothing loads them without Kotlin. */
	private static final class Reflection {

		/**
		 * Tells whether a parameter of a Kotlin function has a default value.
		 * @param method the handler method, declared in Kotlin
		 * @param index the parameter's position among the method's Java parameters
		 * @return {@code true} when it declares a default value
		 */
		static boolean hasDefault(Method method, int index) {
			KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
			if (function == null) {
				return false;
			}
			List<KParameter> values = function.getParameters()
				.stream()
				.filter((parameter) -> parameter.getKind() == KParameter.Kind.VALUE)
				.toList();
			return index < values.size() && values.get(index).isOptional();
		}

		/**
		 * Calls a Kotlin function, leaving out the arguments that are {@code absent} so that their defaults apply.
		 * @param method the handler method, declared in Kotlin
		 * @param bean the receiver
		 * @param values the arguments, {@code absent} where the default applies
		 * @param absent the marker of an argument left out
		 * @return what the function returned
		 * @throws Exception what the function threw
		 */
		static @Nullable Object callBy(Method method, Object bean, @Nullable Object[] values, Object absent)
				throws Exception {
			KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
			if (function == null) {
				throw new IllegalStateException("No Kotlin function for " + method);
			}
			KCallablesJvm.setAccessible(function, true);
			Map<KParameter, @Nullable Object> arguments = new HashMap<>();
			int index = 0;
			for (KParameter parameter : function.getParameters()) {
				if (parameter.getKind() == KParameter.Kind.INSTANCE) {
					arguments.put(parameter, bean);
				}
				else if (parameter.getKind() == KParameter.Kind.VALUE) {
					Object value = values[index++];
					if (value != absent) {
						arguments.put(parameter, value);
					}
				}
			}
			try {
				return function.callBy(arguments);
			}
			catch (Exception ex) {
				if (ex instanceof InvocationTargetException invocation
						&& invocation.getTargetException() instanceof Exception target) {
					throw target;
				}
				if (ex instanceof InvocationTargetException invocation
						&& invocation.getTargetException() instanceof Error error) {
					throw error;
				}
				throw ex;
			}
		}

	}

}
