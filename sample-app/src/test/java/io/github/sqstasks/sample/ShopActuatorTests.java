package io.github.sqstasks.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The shop's actuator: the sqstasks endpoint lists its queues and the sqsTasks health contributor is UP. Same
 * properties as {@link ShopApplicationTests}, so that both share one application context.
 */
@SpringBootTest(properties = { "shop.demo-orders=0", "sqs-tasks.defaults.poll-timeout=1s" })
class ShopActuatorTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	HealthContributorRegistry healthContributors;

	MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
	}

	@Test
	void theSqsTasksEndpointListsTheShopsQueuesWithTheirDeadLetterQueues() throws Exception {
		this.mvc.perform(get("/actuator/sqstasks"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.queues.emails.name").value("shop-emails"))
			.andExpect(jsonPath("$.queues.emails.consumed").value(true))
			.andExpect(jsonPath("$.queues.emails.handlers[*].task").value(hasItem("send_confirmation")))
			.andExpect(jsonPath("$.queues.emails.deadLetterQueue.name").value("shop-emails_dead"))
			.andExpect(jsonPath("$.queues.invoices.deadLetterQueue.depth").value(0));
	}

	@Test
	void anUnknownQueueIsNotFoundWithAMessageNamingIt() throws Exception {
		this.mvc.perform(get("/actuator/sqstasks/nope"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.queue").value("nope"))
			.andExpect(jsonPath("$.error").value(startsWith("Unknown sqs-tasks queue 'nope'")));
	}

	@Test
	void aDeadLetterQueueIsPurgedWithAPostAndAnUnknownActionIsABadRequest() throws Exception {
		this.mvc.perform(post("/actuator/sqstasks/emails_dead/purge"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("shop-emails_dead"))
			.andExpect(jsonPath("$.messagesBefore.visible").value(0));
		this.mvc.perform(post("/actuator/sqstasks/emails/empty"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value(startsWith("Unknown action 'empty' for queue 'emails'")));
	}

	@Test
	void theSqsTasksHealthContributorIsRegisteredAndUp() {
		HealthContributor contributor = this.healthContributors.getContributor("sqsTasks");

		assertThat(contributor).isInstanceOfSatisfying(HealthIndicator.class,
				(indicator) -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
	}

}
