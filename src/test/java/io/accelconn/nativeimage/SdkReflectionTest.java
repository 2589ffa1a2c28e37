package io.accelconn.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
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
import com.azure.resourcemanager.network.fluent.models.EffectiveRouteListResultInner;
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
        assertTrue(registered.invoked.contains(TableServiceJsonErrorException.class
                .getConstructor(String.class, HttpResponse.class, TableServiceJsonError.class)));
        assertTrue(registered.queried.contains(TableServiceJsonErrorException.class), "getValue() names the body type");
        assertTrue(registered.invoked.contains(TableServiceJsonError.class.getMethod("fromJson", JsonReader.class)));
    }

    @Test
    void resourceManagerModelsExceptionsAndStringEnums() throws Exception {
        Class<?> nics = nested(NetworkInterfacesClientImpl.class, "NetworkInterfacesService");
        Class<?> vms = nested(VirtualMachinesClientImpl.class, "VirtualMachinesService");
        reflection.serviceMethod(restMethod(nics, "getByResourceGroup"));
        reflection.serviceMethod(restMethod(vms, "getByResourceGroup"));
        assertTrue(registered.proxies.containsAll(List.of(nics, vms)), "a called REST method's interface is a proxy");
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

    static Method restMethod(Class<?> service, String name) {
        return Arrays.stream(service.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(service.getName() + " has no " + name));
    }

    @Test
    void aBuiltClientRegistersItsProxyButNoModelUntilAMethodIsCalled() throws Exception {
        Class<?> nics = nested(NetworkInterfacesClientImpl.class, "NetworkInterfacesService");
        reflection.serviceInterface(nics);
        assertTrue(registered.proxies.contains(nics));
        assertTrue(registered.invoked.contains(ManagementException.class
                .getConstructor(String.class, HttpResponse.class, ManagementError.class)), "errors can come from any call");
        assertFalse(registered.invoked.contains(NetworkInterfaceInner.class.getMethod("fromJson", JsonReader.class)));

        reflection.serviceMethod(restMethod(nics, "getByResourceGroup"));
        assertTrue(registered.invoked.contains(NetworkInterfaceInner.class.getMethod("fromJson", JsonReader.class)));
        // another operation of the same interface, never called: its answer is not registered
        assertFalse(registered.queried.contains(EffectiveRouteListResultInner.class));
        // resource-manager models reachable in the image are not registered for that alone
        reflection.reachableJsonSerializable(EffectiveRouteListResultInner.class);
        assertFalse(registered.queried.contains(EffectiveRouteListResultInner.class));
        reflection.reachableJsonSerializable(TableServiceJsonError.class);
        assertTrue(registered.invoked.contains(TableServiceJsonError.class.getMethod("fromJson", JsonReader.class)));
    }

    @Test
    void findsWhichClientMethodsCallWhichRestMethods() throws Exception {
        Class<?> nics = nested(NetworkInterfacesClientImpl.class, "NetworkInterfacesService");
        ServiceCalls calls = ServiceCalls.in(NetworkInterfacesClientImpl.class, nics);
        Set<String> byGet = new HashSet<>();
        Set<String> byPaging = new HashSet<>();
        for (Method m : NetworkInterfacesClientImpl.class.getDeclaredMethods()) {
            if (m.getName().startsWith("getByResourceGroupWithResponse")) {
                byGet.addAll(calls.of(m));
            }
            if (m.getName().equals("getEffectiveRouteTable")) {
                assertEquals(Set.of(), calls.of(m), "the sync wrapper calls the client, not the interface");
            }
            byPaging.addAll(calls.of(m));
        }
        assertEquals(Set.of(ServiceCalls.key(restMethod(nics, "getByResourceGroup"))), byGet);
        for (Method rest : nics.getDeclaredMethods()) {
            assertTrue(byPaging.contains(ServiceCalls.key(rest)), "every REST method has a caller in its client: " + rest);
        }
        assertTrue(calls.of(SdkReflectionTest.class.getDeclaredMethod("restMethod", Class.class, String.class)).isEmpty());
    }

    @Test
    void aPollersFinalTypeComesFromTheClientMethodThatBuildsIt() throws Exception {
        Method begin = NetworkInterfacesClientImpl.class.getMethod("beginCreateOrUpdate", String.class, String.class,
                NetworkInterfaceInner.class);
        reflection.clientMethod(begin);
        assertTrue(registered.invoked.contains(NetworkInterfaceInner.class.getMethod("fromJson", JsonReader.class)));
    }

    @Test
    void resourceGraphQueryAnswer() {
        Class<?> service = nested(ResourceProvidersClientImpl.class, "ResourceProvidersService");
        reflection.serviceMethod(restMethod(service, "resources"));
        assertTrue(registered.invoked.stream().anyMatch(e -> e.getName().equals("fromJson")
                && e.getDeclaringClass().getSimpleName().equals("QueryResponseInner")), registered.invoked.toString());
        assertEquals(Set.of(service), registered.proxies);
    }
}
