package io.github.sqstasks.test.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application for the {@code @SqsTaskTest} tests of this package to find: its package holds task handlers of each
 * kind and beans that a task slice leaves out.
 */
@SpringBootApplication
public class SliceApplication {

}
