package io.github.sqstasks.listener;

import io.awspring.cloud.sqs.support.converter.AbstractMessagingMessageConverter;
import io.awspring.cloud.sqs.support.converter.HeaderMapper;
import io.awspring.cloud.sqs.support.converter.MessageConversionContext;
import io.awspring.cloud.sqs.support.converter.SqsHeaderMapper;
import io.awspring.cloud.sqs.support.converter.SqsMessageConversionContext;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.messaging.converter.StringMessageConverter;

/**
 * Keeps the body as the received string and adds Spring Cloud AWS's headers (visibility, acknowledgement, source).
 *
 * <p>Ours because the stock converters choose the payload class from a {@code JavaType} message attribute with
 * {@code Class.forName}: a forged attribute must never pick a class, and our handlers bind arguments themselves.
 * It also works the same whether Jackson 2 or Jackson 3 is on the classpath.
 */
final class RawBodyMessageConverter extends AbstractMessagingMessageConverter<Message> {

	RawBodyMessageConverter() {
		super(new StringMessageConverter());
		setPayloadTypeMapper((message) -> null);
	}

	@Override
	protected HeaderMapper<Message> createDefaultHeaderMapper() {
		return new SqsHeaderMapper();
	}

	@Override
	protected Object getPayloadToDeserialize(Message message) {
		return (message.body() != null) ? message.body() : "";
	}

	@Override
	public MessageConversionContext createMessageConversionContext() {
		return new SqsMessageConversionContext();
	}

	@Override
	protected Message doConvertMessage(Message messageWithHeaders, Object payload) {
		return messageWithHeaders.toBuilder().body(payload.toString()).build();
	}

}
