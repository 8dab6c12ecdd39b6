package io.github.sqstasks.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The POMs that reach Maven Central describe sqs-tasks itself, and the BOM aligns what users combine. Reads the POM
 * files of the repository (the tests run in {@code integration-tests}, so the root is one level up).
 */
class PublishedPomsTests {

	private static final Path ROOT = Path.of("..");

	private static final List<String> PUBLISHED = List.of("pom.xml", "sqs-tasks-dependencies/pom.xml",
			"sqs-tasks-autoconfigure/pom.xml", "sqs-tasks-spring-boot-starter/pom.xml", "sqs-tasks-test/pom.xml");

	@Test
	void bomManagesTheStarterTheAutoConfigurationAndElasticMq() throws Exception {
		Document bom = read("sqs-tasks-dependencies/pom.xml");
		Document parent = read("pom.xml");
		String managed = "/project/dependencyManagement/dependencies/dependency";
		List<String> artifacts = texts(bom, managed + "/artifactId");
		assertThat(artifacts).contains("sqs-tasks-spring-boot-starter", "sqs-tasks-autoconfigure", "sqs-tasks-test",
				"elasticmq-rest-sqs_2.13");
		assertThat(text(bom, "/project/version")).isEqualTo(text(parent, "/project/version"));
		assertThat(text(bom, managed + "[artifactId='sqs-tasks-spring-boot-starter']/version"))
			.isEqualTo("${project.version}");
		assertThat(text(bom, managed + "[artifactId='sqs-tasks-autoconfigure']/version")).isEqualTo("${project.version}");
		assertThat(text(bom, managed + "[artifactId='sqs-tasks-test']/version")).isEqualTo("${project.version}");
		assertThat(text(bom, managed + "[artifactId='elasticmq-rest-sqs_2.13']/version"))
			.isEqualTo("${elasticmq.version}");
		assertThat(text(bom, "/project/properties/elasticmq.version"))
			.isEqualTo(text(parent, "/project/properties/elasticmq.version"));
		assertThat(texts(bom, managed + "[artifactId='elasticmq-rest-sqs_2.13']/exclusions/exclusion/artifactId"))
			.containsExactly("elasticmq-persistence-sql_2.13");
	}

	@Test
	void bomHasNoParentSoImportingItManagesNothingElse() throws Exception {
		Document bom = read("sqs-tasks-dependencies/pom.xml");
		assertThat(node(bom, "/project/parent")).isNull();
		assertThat(text(bom, "/project/packaging")).isEqualTo("pom");
		assertThat(texts(read("pom.xml"), "/project/modules/module")).contains("sqs-tasks-dependencies");
	}

	@Test
	void everyPublishedPomHasTheProjectsOwnMetadata() throws Exception {
		Document parent = read("pom.xml");
		for (String pom : PUBLISHED) {
			Document document = read(pom);
			assertThat(text(document, "/project/name")).as("name in " + pom).isNotBlank();
			assertThat(text(document, "/project/description")).as("description in " + pom).isNotBlank();
			boolean inheritsOurs = "sqs-tasks-parent".equals(text(document, "/project/parent/artifactId"));
			for (String element : List.of("url", "licenses/license/name", "scm/url", "scm/connection",
					"developers/developer/name")) {
				String value = text(document, "/project/" + element);
				if (value.isEmpty() && inheritsOurs) {
					value = text(parent, "/project/" + element);
				}
				assertThat(value).as(element + " of " + pom).isNotBlank().doesNotContainIgnoringCase("spring");
			}
			assertThat(text(document, "/project/licenses/license/name") + text(parent, "/project/licenses/license/name"))
				.as("licence of " + pom)
				.contains("Apache License, Version 2.0");
		}
		assertThat(node(parent, "/project/@child.project.url.inherit.append.path").getNodeValue()).isEqualTo("false");
	}

	@Test
	void everyPublishedJarAttachesSourcesAndJavadoc() throws Exception {
		for (String module : List.of("sqs-tasks-autoconfigure", "sqs-tasks-test")) {
			assertThat(texts(read(module + "/pom.xml"), "/project/build/plugins/plugin/artifactId")).as(module)
				.contains("maven-source-plugin", "maven-javadoc-plugin");
		}
		// the starter has no code: its two jars hold a README that points at the auto-configuration
		assertThat(texts(read("sqs-tasks-spring-boot-starter/pom.xml"),
				"/project/build/plugins/plugin[artifactId='maven-jar-plugin']/executions/execution/configuration/classifier"))
			.containsExactlyInAnyOrder("sources", "javadoc");
		Document parent = read("pom.xml");
		String managed = "/project/build/pluginManagement/plugins/plugin";
		assertThat(texts(parent, managed + "[artifactId='maven-source-plugin']/executions/execution/goals/goal"))
			.contains("jar-no-fork");
		assertThat(texts(parent, managed + "[artifactId='maven-javadoc-plugin']/executions/execution/goals/goal"))
			.contains("jar");
	}

	@Test
	void productionJarHoldsNoTestSupport() throws Exception {
		// what production runs: the auto-configuration jar has neither the test slice nor the in-memory SQS
		Path main = ROOT.resolve("sqs-tasks-autoconfigure/src/main/java/io/github/sqstasks");
		assertThat(main.resolve("test")).doesNotExist();
		assertThat(main.resolve("memory")).doesNotExist();
		assertThat(ROOT.resolve("sqs-tasks-test/src/main/java/io/github/sqstasks/test/SqsTaskTest.java")).exists();
		assertThat(ROOT.resolve("sqs-tasks-test/src/main/java/io/github/sqstasks/memory/InMemorySqsAsyncClient.java"))
			.exists();
		assertThat(texts(read("sqs-tasks-autoconfigure/pom.xml"), "/project/dependencies/dependency/artifactId"))
			.doesNotContain("spring-boot-test", "spring-test", "junit-jupiter-api");
	}

	@Test
	void repositoryHasTheLicenceAndAChangelog() throws Exception {
		assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004",
				"TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS");
		assertThat(Files.readString(ROOT.resolve("CHANGELOG.md"))).contains("## [Unreleased]", "## [0.1.0]");
	}

	private static Document read(String pom) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(ROOT.resolve(pom).toFile());
	}

	private static Node node(Document document, String path) throws Exception {
		return (Node) XPathFactory.newInstance().newXPath().evaluate(path, document, XPathConstants.NODE);
	}

	private static String text(Document document, String path) throws Exception {
		Node node = node(document, path);
		return (node != null) ? node.getTextContent().trim() : "";
	}

	private static List<String> texts(Document document, String path) throws Exception {
		NodeList nodes = (NodeList) XPathFactory.newInstance()
			.newXPath()
			.evaluate(path, document, XPathConstants.NODESET);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			values.add(nodes.item(i).getTextContent().trim());
		}
		return values;
	}

}
