package io.github.sqstasks.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.sqstasks.TaskContext;
import io.github.sqstasks.annotation.SqsTask;
import io.github.sqstasks.producer.SqsTaskTemplate;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job sent inside a trace is processed inside a child span of it; the trace context travels in {@code JobContext}.
 */
@SqsTaskTest(tasks = { TracingTests.Tasks.class, TracingTests.TracingSetup.class })
class TracingTests {

	@Autowired
	SqsTaskTemplate tasks;

	@Autowired
	InMemorySqs sqs;

	@Autowired
	Tracer tracer;

	@Autowired
	Spans spans;

	@Autowired
	Tasks handlers;

	@Test
	void aJobSentInsideATraceIsProcessedInAChildSpanOfItsSend() {
		Span checkout = this.tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(checkout)) {
			this.tasks.addJob("traced", "work", Map.of("n", 1));
		}
		finally {
			checkout.end();
		}

		this.sqs.processUntilIdle();

		MutableSpan send = this.spans.named("send work");
		MutableSpan process = this.spans.named("process work");
		assertThat(send.traceId()).isEqualTo(checkout.context().traceId());
		assertThat(send.parentId()).isEqualTo(checkout.context().spanId());
		assertThat(process.traceId()).isEqualTo(checkout.context().traceId());
		assertThat(process.parentId()).isEqualTo(send.id());
		assertThat(process.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
		assertThat(process.tags()).containsEntry("queue", "traced")
			.containsEntry("task", "work")
			.containsEntry("outcome", "success");
		assertThat(this.handlers.traceIds).containsExactly(checkout.context().traceId());
		assertThat(this.handlers.contexts).containsExactly(Map.of());
		assertThat(this.sqs.client().messages("traced")).isEmpty();
	}

	static class Tasks {

		final List<String> traceIds = new CopyOnWriteArrayList<>();

		final List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();

		private final Tracer tracer;

		Tasks(Tracer tracer) {
			this.tracer = tracer;
		}

		@SqsTask(queue = "traced")
		void work(int n, TaskContext context) {
			Span current = this.tracer.currentSpan();
			this.traceIds.add((current != null) ? current.context().traceId() : "none");
			this.contexts.add(context.asMap());
		}

	}

	static class Spans extends SpanHandler {

		final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.finished.add(span);
			return true;
		}

		MutableSpan named(String name) {
			return this.finished.stream()
				.filter((span) -> name.equals(span.name()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No span '" + name + "' in " + this.finished));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TracingSetup {

		@Bean
		Spans spans() {
			return new Spans();
		}

		@Bean(destroyMethod = "close")
		Tracing tracing(Spans spans) {
			return Tracing.newBuilder()
				.currentTraceContext(ThreadLocalCurrentTraceContext.create())
				.sampler(Sampler.ALWAYS_SAMPLE)
				.addSpanHandler(spans)
				.build();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		ObservationRegistry observationRegistry(Tracer tracer, Tracing tracing) {
			BravePropagator propagator = new BravePropagator(tracing);
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)));
			return registry;
		}

	}

}
