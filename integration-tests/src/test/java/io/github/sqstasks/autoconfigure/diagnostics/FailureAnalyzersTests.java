package io.github.sqstasks.autoconfigure.diagnostics;

import java.net.ConnectException;

import io.github.sqstasks.core.QueueNotFoundException;
import io.github.sqstasks.core.TaskDefinitionException;
import io.github.sqstasks.schedule.ScheduleDefinitionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each analyzer's description names what failed and its action says what to do.
 */
class FailureAnalyzersTests {

	@Test
	void aMissingQueueIsDescribedByBothItsNamesWithTheWayToCreateIt() {
		QueueNotFoundException missing = new QueueNotFoundException("emails", "dev-emails", null);
		FailureAnalysis analysis = new QueueNotFoundFailureAnalyzer()
			.analyze(new BeanCreationException("sqsTasks", "failed", missing));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'dev-emails' (sqs-tasks queue 'emails') does not exist");
		assertThat(analysis.getAction()).contains("Create the queue 'dev-emails'", "sqs-tasks.create-queues=true",
				"sqs-tasks.queue-prefix");
		assertThat(analysis.getCause()).isSameAs(missing);
	}

	@Test
	void twoHandlersForOneTaskAreToldToTakeAnotherNameOrQueue() {
		TaskDefinitionException duplicate = new TaskDefinitionException(
				"Two handlers for task 'send' on queue 'emails': A#send(String) and B#send(String). Give one of them another name or queue.");
		FailureAnalysis analysis = new TaskDefinitionFailureAnalyzer().analyze(duplicate);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Two handlers for task 'send' on queue 'emails'", "A#send",
				"B#send");
		assertThat(analysis.getAction()).contains("another task name (@SqsTask(name = ...)) or another queue");
	}

	@Test
	void anUnbindableParameterIsToldWhichTypesBindAndHowToAddOne() {
		TaskDefinitionException unbindable = new TaskDefinitionException(
				"Cannot bind parameter 'value' of Tasks#send(Runnable): type java.lang.Runnable cannot be read from JSON.");
		FailureAnalysis analysis = new TaskDefinitionFailureAnalyzer().analyze(unbindable);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("parameter 'value' of Tasks#send(Runnable)");
		assertThat(analysis.getAction()).contains("a record, a POJO", "Jackson Module bean");
	}

	@Test
	void anotherHandlerMistakeGetsTheGeneralAction() {
		FailureAnalysis analysis = new TaskDefinitionFailureAnalyzer()
			.analyze(new TaskDefinitionException("Empty task name on Tasks#send(String)"));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Empty task name on Tasks#send(String)");
		assertThat(analysis.getAction()).contains("Correct the @SqsTask or @SqsRawTask annotation");
	}

	@Test
	void aScheduleThatCannotRunIsDescribedWithWhereToCorrectIt() {
		ScheduleDefinitionException invalid = new ScheduleDefinitionException("nightly", "Schedule 'nightly' "
				+ "(sqs-tasks.schedules.nightly): queue 'reprots' has no handler in this application and is not "
				+ "configured under sqs-tasks.queues.");
		FailureAnalysis analysis = new ScheduleDefinitionFailureAnalyzer()
			.analyze(new BeanCreationException("sqsTasksScheduleRunner", "failed", invalid));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("schedule cannot run", "queue 'reprots' has no handler");
		assertThat(analysis.getAction()).contains("Correct schedule 'nightly'", "sqs-tasks.schedules.nightly.*");
		assertThat(analysis.getCause()).isSameAs(invalid);
	}

	@Test
	void aRefusedConnectionNamesTheConfiguredEndpoint() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.aws.sqs.endpoint",
				"http://localhost:4566");
		FailureAnalysis analysis = new SqsUnreachableFailureAnalyzer(environment).analyze(connectionRefused());
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("could not reach SQS at 'http://localhost:4566'",
				"Connection refused");
		assertThat(analysis.getAction()).contains("Start the broker at 'http://localhost:4566'",
				"spring.cloud.aws.sqs.endpoint");
	}

	@Test
	void withoutAnEndpointTheRegionIsNamed() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.aws.region.static",
				"eu-west-1");
		FailureAnalysis analysis = new SqsUnreachableFailureAnalyzer(environment).analyze(connectionRefused());
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("the SQS endpoint of region 'eu-west-1'");
	}

	@Test
	void clientErrorsOtherThanConnectionFailuresAreLeftToOtherAnalyzers() {
		SdkClientException noCredentials = SdkClientException.create("Unable to load credentials");
		assertThat(new SqsUnreachableFailureAnalyzer(new MockEnvironment()).analyze(noCredentials)).isNull();
	}

	private static SdkClientException connectionRefused() {
		return SdkClientException.create("Unable to execute HTTP request: Connection refused",
				new ConnectException("Connection refused"));
	}

}
