package io.github.sqstasks.test.slice;

import org.springframework.stereotype.Component;

/**
 * A handler whose {@code @SqsTask} method is declared by its superclass.
 */
@Component
class MonthlyReports extends ReportHandlers {

}
