package io.github.sqstasks.schedule;

import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sqstasks.annotation.SqsTaskSchedule;
import io.github.sqstasks.core.TaskDefinition;
import io.github.sqstasks.core.TaskRegistry;
import io.github.sqstasks.producer.BakedTask;
import io.github.sqstasks.producer.JobSendException;
import io.github.sqstasks.producer.SqsTaskTemplate;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.support.CronExpression;

/**
 * Gathers the schedules of the configuration and of {@link SqsTaskSchedule} methods, and refuses at start-up any that
 * could not run, naming the schedule and where it was declared.
 */
final class ScheduleCatalog {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final TaskRegistry registry;

	private final SqsTaskTemplate template;

	private final ObjectMapper objectMapper;

	private final Function<String, String> placeholders;

	private final Predicate<String> configuredQueue;

	ScheduleCatalog(TaskRegistry registry, SqsTaskTemplate template, ObjectMapper objectMapper,
			Function<String, String> placeholders, Predicate<String> configuredQueue) {
		this.registry = registry;
		this.template = template;
		this.objectMapper = objectMapper;
		this.placeholders = placeholders;
		this.configuredQueue = configuredQueue;
	}

	List<ScheduledTask> resolve(List<Schedule> configured) {
		List<Schedule> all = new ArrayList<>(configured);
		all.addAll(annotated());
		Map<String, ScheduledTask> byId = new LinkedHashMap<>();
		for (Schedule schedule : all) {
			ScheduledTask task = check(schedule);
			ScheduledTask other = byId.putIfAbsent(schedule.id(), task);
			if (other != null) {
				throw new ScheduleDefinitionException(schedule.id(), "Two schedules have the id '" + schedule.id()
						+ "': " + other.schedule().source() + " and " + schedule.source() + ". Give one of them "
						+ "another id (@SqsTaskSchedule(id = ...) or another key under sqs-tasks.schedules).");
			}
		}
		return List.copyOf(byId.values());
	}

	private List<Schedule> annotated() {
		List<Schedule> schedules = new ArrayList<>();
		for (TaskDefinition definition : this.registry.all()) {
			Method method = AopUtils.getMostSpecificMethod(definition.method(),
					AopUtils.getTargetClass(definition.bean()));
			Set<SqsTaskSchedule> annotations = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
					SqsTaskSchedule.class);
			for (SqsTaskSchedule annotation : annotations) {
				schedules.add(fromAnnotation(annotation, definition));
			}
		}
		return schedules;
	}

	private Schedule fromAnnotation(SqsTaskSchedule annotation, TaskDefinition definition) {
		String id = resolve(annotation.id());
		if (id.isEmpty()) {
			id = definition.queue() + "." + definition.name();
		}
		String source = "@SqsTaskSchedule on " + definition.describeMethod();
		String json = resolve(annotation.arguments());
		Map<String, Object> arguments;
		try {
			arguments = this.objectMapper.readValue(json, OBJECT);
		}
		catch (Exception ex) {
			throw new ScheduleDefinitionException(id, "Schedule '" + id + "' (" + source + "): arguments '" + json
					+ "' are not a JSON object, as in arguments = \"{\\\"format\\\":\\\"pdf\\\"}\": "
					+ ex.getMessage(), ex);
		}
		return new Schedule(id, resolve(annotation.cron()), resolve(annotation.zone()), definition.queue(),
				definition.name(), (arguments != null) ? arguments : Map.of(), source);
	}

	private String resolve(String value) {
		return this.placeholders.apply(value).trim();
	}

	private ScheduledTask check(Schedule schedule) {
		String id = schedule.id();
		String where = "Schedule '" + id + "' (" + schedule.source() + ")";
		if (!ID.matcher(id).matches()) {
			throw new ScheduleDefinitionException(id, where + ": the id must be 1 to 64 letters, digits, '.', '_' or "
					+ "'-', as it becomes part of SQS message group and deduplication ids.");
		}
		if (blank(schedule.cron()) || blank(schedule.queue()) || blank(schedule.task())) {
			throw new ScheduleDefinitionException(id, where + ": cron, queue and task are required; it has cron '"
					+ schedule.cron() + "', queue '" + schedule.queue() + "', task '" + schedule.task() + "'.");
		}
		CronExpression cron;
		try {
			cron = CronExpression.parse(schedule.cron());
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleDefinitionException(id, where + ": cron '" + schedule.cron() + "' is not a Spring cron "
					+ "expression (six fields, seconds first, as in \"0 0 2 * * *\" for 02:00:00 every day): "
					+ ex.getMessage(), ex);
		}
		ZoneId zone;
		try {
			zone = ZoneId.of(schedule.zone());
		}
		catch (DateTimeException ex) {
			throw new ScheduleDefinitionException(id, where + ": zone '" + schedule.zone() + "' is not a time zone id "
					+ "(such as UTC or Europe/Berlin): " + ex.getMessage(), ex);
		}
		checkTarget(schedule, where);
		BakedTask baked;
		try {
			baked = this.template.bake(schedule.queue(), schedule.task(), schedule.arguments());
		}
		catch (JobSendException | IllegalArgumentException ex) {
			throw new ScheduleDefinitionException(id, where + ": its arguments " + schedule.arguments().keySet()
					+ " do not fit the task: " + ex.getMessage(), ex);
		}
		boolean relayed = !schedule.queue().endsWith(".fifo");
		return new ScheduledTask(schedule, cron, zone, baked.arguments(), relayed);
	}

	private void checkTarget(Schedule schedule, String where) {
		String queue = schedule.queue();
		String task = schedule.task();
		if (queue.equals(TickRelay.QUEUE)) {
			throw new ScheduleDefinitionException(schedule.id(), where + ": queue '" + queue + "' is sqs-tasks' own "
					+ "tick queue; schedule a task of one of your queues.");
		}
		List<TaskDefinition> handlers = this.registry.definitions(queue);
		if (handlers.isEmpty()) {
			if (!this.configuredQueue.test(queue)) {
				throw new ScheduleDefinitionException(schedule.id(), where + ": queue '" + queue + "' has no handler "
						+ "in this application and is not configured under sqs-tasks.queues. Correct the queue name, "
						+ "or, for a queue another application consumes, declare it (for example sqs-tasks.queues."
						+ queue + ".max-receive-count).");
			}
			return;
		}
		if (handlers.size() == 1 && handlers.get(0).raw()) {
			throw new ScheduleDefinitionException(schedule.id(), where + ": queue '" + queue + "' has a @SqsRawTask "
					+ "handler (" + handlers.get(0).describeMethod() + "); schedules enqueue tasks, so schedule a "
					+ "queue with @SqsTask handlers.");
		}
		if (this.registry.find(queue, task) == null) {
			throw new ScheduleDefinitionException(schedule.id(), where + ": queue '" + queue + "' has no handler for "
					+ "task '" + task + "' in this application; its tasks are "
					+ handlers.stream().map(TaskDefinition::name).sorted().toList() + ".");
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
