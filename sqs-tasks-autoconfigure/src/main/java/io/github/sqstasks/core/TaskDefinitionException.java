package io.github.sqstasks.core;

/**
 * Thrown at start-up when a handler cannot be registered: duplicate task, unbindable parameter, bad queue name.
 */
public class TaskDefinitionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong and how to fix it
	 */
	public TaskDefinitionException(String message) {
		super(message);
	}

}
