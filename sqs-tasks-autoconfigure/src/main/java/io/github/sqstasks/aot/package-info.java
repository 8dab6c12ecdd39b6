/**
 * Spring AOT support: the runtime hints of handler methods, the types their arguments bind to, task client proxies
 * and the records sqs-tasks serialises. Nothing here is for applications to import.
 */
@NullMarked
package io.github.sqstasks.aot;

import org.jspecify.annotations.NullMarked;
