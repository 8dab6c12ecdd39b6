package io.github.sqstasks.client;

import io.github.sqstasks.producer.SqsTaskTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Makes the proxy bean of one {@link SqsTaskClient} interface, resolving its queue's placeholders; the template is
 * looked up on the first call, so clients can be injected anywhere, the template's own collaborators included.
 *
 * @param <T> the client type
 */
final class SqsTaskClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, EnvironmentAware {

	private final Class<T> client;

	private @Nullable ObjectProvider<SqsTaskTemplate> template;

	private @Nullable Environment environment;

	SqsTaskClientFactoryBean(Class<T> client) {
		this.client = client;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.template = beanFactory.getBeanProvider(SqsTaskTemplate.class);
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public T getObject() {
		SqsTaskClient annotation = this.client.getAnnotation(SqsTaskClient.class);
		if (annotation == null || this.environment == null || this.template == null) {
			throw new IllegalStateException(this.client.getName() + " is not an initialized @SqsTaskClient");
		}
		String queue = this.environment.resolveRequiredPlaceholders(annotation.queue());
		ObjectProvider<SqsTaskTemplate> provider = this.template;
		return SqsTaskClients.create(this.client, queue, provider::getObject);
	}

	@Override
	public Class<T> getObjectType() {
		return this.client;
	}

}
