package io.accelconn.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Executable;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.data.tables.implementation.TablesImpl;
import com.azure.data.tables.implementation.models.TableServiceJsonError;
import com.azure.data.tables.implementation.models.TableServiceJsonErrorException;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.implementation.VirtualMachinesClientImpl;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.implementation.NetworkInterfacesClientImpl;
import com.azure.resourcemanager.network.models.NetworkInterfaceAuxiliaryMode;
import com.azure.resourcemanager.resourcegraph.implementation.ResourceProvidersClientImpl;

/**
 * What the native build registers for the SDK clients accelconn uses, derived on the JVM the
 * way {@link AzureSdkFeature} derives it in the builder. The cases are the failures a native
 * build without it met: Tables' REST interface, its error exception's constructor, and the
 * resource-manager models' {@code fromJson} factories.
 */
class SdkReflectionTest {

    static final class Recorder implements SdkReflection.Registry {
        final Set<Class<?>> proxies = new HashSet<>();
        final Set<Class<?>> queried = new HashSet<>();
        final Set<Executable> invoked = new HashSet<>();
        final Set<Class<?>> fields = new HashSet<>();

        @Override
        public void proxy(Class<?> serviceInterface) {
            proxies.add(serviceInterface);
        }

        @Override
        public void queryMethods(Class<?> type) {
            queried.add(type);
        }

        @Override
        public void invoke(Executable executable) {
            invoked.add(executable);
        }

        @Override
        public void fields(Class<?> type) {
            fields.add(type);
        }
    }

    final Recorder registered = new Recorder();
    final SdkReflection reflection = new SdkReflection(registered);

    static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Class<?> nested(Class<?> outer, String simpleName) {
        for (Class<?> c : outer.getDeclaredClasses()) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        throw new AssertionError(outer.getName() + " has no nested " + simpleName);
    }

    @Test
    void findsTheRestInterfacesOfAJarFromTheirAnnotation() throws Exception {
        List<String> candidates = SdkReflection.serviceInterfaceCandidates(jarOf(TablesImpl.class));
        assertTrue(candidates.contains(TablesImpl.class.getName() + "$TablesService"), candidates.toString());
        for (String name : candidates) {
            assertTrue(SdkReflection.isServiceInterface(Class.forName(name)), name + " is not a @ServiceInterface");
        }
        List<String> network = SdkReflection.serviceInterfaceCandidates(jarOf(NetworkInterfacesClientImpl.class));
        assertTrue(network.contains(NetworkInterfacesClientImpl.class.getName() + "$NetworkInterfacesService"));
        assertTrue(network.size() > 100, "the network jar has a REST interface per operation group: " + network.size());
        assertTrue(SdkReflection.serviceInterfaceCandidates(jarOf(SdkReflectionTest.class)).isEmpty(),
                "accelconn declares no REST interface of its own");
    }

    @Test
    void tablesInterfaceItsErrorExceptionAndItsBody() throws Exception {
        Class<?> service = nested(TablesImpl.class, "TablesService");
        reflection.serviceInterface(service);
        assertTrue(registered.proxies.contains(service));
        assertTrue(registered.queried.contains(service), "azure-core reads the interface's methods");
        assertTrue(registered.invoked.containsAll(List.of(service.getDeclaredMethods())));
        assertTrue(registered.invoked.contains(TableServiceJsonErrorException.class
                .getConstructor(String.class, HttpResponse.class, TableServiceJsonError.class)));
        assertTrue(registered.queried.contains(TableServiceJsonErrorException.class), "getValue() names the body type");
        assertTrue(registered.invoked.contains(TableServiceJsonError.class.getMethod("fromJson", JsonReader.class)));
    }

    @Test
    void resourceManagerModelsExceptionsAndStringEnums() throws Exception {
        reflection.serviceInterface(nested(NetworkInterfacesClientImpl.class, "NetworkInterfacesService"));
        reflection.serviceInterface(nested(VirtualMachinesClientImpl.class, "VirtualMachinesService"));
        assertTrue(registered.invoked.contains(NetworkInterfaceInner.class.getMethod("fromJson", JsonReader.class)));
        assertTrue(registered.invoked.contains(VirtualMachineInner.class.getMethod("fromJson", JsonReader.class)));
        assertTrue(registered.invoked.contains(ManagementException.class
                .getConstructor(String.class, HttpResponse.class, ManagementError.class)));
        assertTrue(registered.invoked.contains(ManagementError.class.getMethod("fromJson", JsonReader.class)));
        // Nested models are read by direct fromJson calls: not registered one by one.
        assertFalse(registered.queried.contains(NetworkInterfaceAuxiliaryMode.class));

        reflection.expandableStringEnum(NetworkInterfaceAuxiliaryMode.class);
        assertTrue(registered.invoked.contains(NetworkInterfaceAuxiliaryMode.class.getDeclaredConstructor()));
    }

    @Test
    void resourceGraphQueryAnswer() {
        Class<?> service = nested(ResourceProvidersClientImpl.class, "ResourceProvidersService");
        reflection.serviceInterface(service);
        assertTrue(registered.invoked.stream().anyMatch(e -> e.getName().equals("fromJson")
                && e.getDeclaringClass().getSimpleName().equals("QueryResponseInner")), registered.invoked.toString());
        assertEquals(Set.of(service), registered.proxies);
    }
}
