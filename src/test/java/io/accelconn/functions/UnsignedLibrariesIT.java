package io.accelconn.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packaged JVM application holds no signed jar (application.properties, README "Cold start"):
 * class data sharing skips every class of a signed jar, and the JDK checks a signed jar's signature
 * and digests each class it reads from it at every start. The Azure SDK jars come signed; a new SDK
 * dependency needs its line in application.properties, which this test asks for by name.
 */
class UnsignedLibrariesIT {

    static final Path LIB = Path.of("target/quarkus-app/lib");

    @Test
    void noJarOfThePackageIsSigned() throws IOException {
        assumeFalse("native".equals(System.getProperty("quarkus.test.integration-test-artifact-type")),
                "the native executable has no jars");
        assertTrue(Files.isDirectory(LIB), LIB + " is missing: the package phase makes it");
        List<Path> jars;
        try (Stream<Path> files = Files.walk(LIB)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("com.azure.azure-core-")),
                "no azure-core jar under " + LIB);
        List<String> signed = jars.stream().filter(UnsignedLibrariesIT::signed).map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(), signed, "signed jars in the package: add quarkus.class-loading.removed-resources.\"<group>:<artifact>\""
                + " naming each one's signature file (META-INF/*.SF) to application.properties");
    }

    static boolean signed(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().map(e -> e.getName()).anyMatch(n -> n.startsWith("META-INF/") && n.indexOf('/', 9) < 0
                    && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(jar + " is unreadable", e);
        }
    }
}
