package io.github.sqstasks.sample;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ElasticMQ, the development broker, is a test dependency of the shop, so that {@code spring-boot:repackage} leaves it
 * out of the application jar and a production deployment can never start it.
 */
class ElasticMqScopeTests {

	@Test
	void elasticMqIsATestScopedDependency() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		NodeList dependencies = pom.getElementsByTagName("dependency");
		String scope = null;
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			if (text(dependency, "artifactId").startsWith("elasticmq")) {
				scope = text(dependency, "scope");
			}
		}
		assertThat(scope).as("scope of ElasticMQ in sample-app/pom.xml").isEqualTo("test");
	}

	private static String text(Element element, String child) {
		NodeList nodes = element.getElementsByTagName(child);
		return (nodes.getLength() > 0) ? nodes.item(0).getTextContent().trim() : "";
	}

}
