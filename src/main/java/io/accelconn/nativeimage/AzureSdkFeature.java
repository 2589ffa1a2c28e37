package io.accelconn.nativeimage;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeClassInitialization;
import org.graalvm.nativeimage.hosted.RuntimeProxyCreation;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

import com.azure.core.util.ExpandableStringEnum;
import com.azure.json.JsonSerializable;

/**
 * Makes the Azure SDK work in the native executable: registers what it reaches by reflection
 * ({@link SdkReflection}) for the SDK types the analysis finds reachable, so the image holds
 * only the REST interfaces and models this application uses, and a newly added SDK client is
 * covered without an edit. Enabled by {@code quarkus.native.additional-build-args} in
 * application.properties; never loaded on the JVM.
 * <p>
 * Quarkus initialises every class at build time; a few SDK classes hold things that must not be
 * frozen into the image and go to run time ({@link #RUN_TIME}).
 */
public final class AzureSdkFeature implements Feature {

    /** Package or class name, and why its static state must be built at run time. */
    static final Map<String, String> RUN_TIME = Map.of(
            "com.azure.core.http.vertx.VertxHttpClientBuilder$DefaultVertx",
            "azure-core's default Vert.x instance: event loops and Netty timers, never in the image heap",
            "com.azure.core.http.vertx.VertxHttpClientProvider$GlobalVertxHttpClient",
            "azure-core's shared HTTP client on that default Vert.x instance",
            "com.microsoft.aad.msal4jextensions",
            "MSAL's token-cache persistence binds libsecret / Keychain through JNA when initialised",
            "com.azure.core.implementation.jackson.XmlMapperFactory",
            "XML support needs jackson-dataformat-xml, which the application does not ship",
            "com.azure.core.util.serializer.JacksonAdapter$GlobalXmlMapper",
            "XML support needs jackson-dataformat-xml, which the application does not ship");

    @Override
    public String getDescription() {
        return "accelconn: Azure SDK reflection and class initialisation";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        RUN_TIME.keySet().forEach(RuntimeClassInitialization::initializeAtRunTime);

        SdkReflection reflection = new SdkReflection(new GraalRegistry());
        access.registerSubtypeReachabilityHandler((a, type) -> reflection.reachableJsonSerializable(type), JsonSerializable.class);
        access.registerSubtypeReachabilityHandler((a, type) -> reflection.expandableStringEnum(type), ExpandableStringEnum.class);
        for (Path entry : access.getApplicationClassPath()) {
            for (String name : SdkReflection.serviceInterfaceCandidates(entry)) {
                Class<?> type = access.findClassByName(name);
                if (type != null && SdkReflection.isServiceInterface(type)) {
                    serviceInterface(access, reflection, type);
                }
            }
        }
    }

    /**
     * The client implementation that calls {@code RestProxy.create(Service.class, ...)} encloses the
     * interface. The interface alone is no sign of use (the SDK jars' proxy-config.json make every
     * one reachable), nor is a built client: a resource-manager client builds every operation group
     * of its provider. A REST method's models are registered when a client method calling it is.
     */
    private static void serviceInterface(BeforeAnalysisAccess access, SdkReflection reflection, Class<?> service) {
        Class<?> client = service.getEnclosingClass();
        ServiceCalls calls = null;
        Method[] callers = null;
        try {
            if (client != null) {
                calls = ServiceCalls.in(client, service);
                callers = client.getDeclaredMethods();
            }
        } catch (RuntimeException | LinkageError e) {
            // a client class this scan cannot read: register every REST method with the interface
            calls = null;
        }
        if (calls == null) {
            Class<?> trigger = client == null ? service : client;
            access.registerReachabilityHandler(a -> {
                reflection.serviceInterface(service);
                for (Method m : service.getDeclaredMethods()) {
                    reflection.serviceMethod(m);
                }
            }, trigger);
            return;
        }
        Map<String, Method> restMethods = new HashMap<>();
        for (Method m : service.getDeclaredMethods()) {
            restMethods.put(ServiceCalls.key(m), m);
        }
        Set<String> byHandle = calls.byHandle();
        access.registerReachabilityHandler(a -> {
            reflection.serviceInterface(service);
            byHandle.stream().map(restMethods::get).filter(Objects::nonNull).forEach(reflection::serviceMethod);
        }, client);
        for (Method caller : callers) {
            // Every client method, not only the callers: a poller's final type is named by the
            // method that builds the poller, not by the one calling the REST method.
            List<Method> called = calls.of(caller).stream().map(restMethods::get).filter(Objects::nonNull).toList();
            access.registerReachabilityHandler(a -> {
                reflection.clientMethod(caller);
                called.forEach(reflection::serviceMethod);
            }, caller);
        }
    }

    private static final class GraalRegistry implements SdkReflection.Registry {
        @Override
        public void proxy(Class<?> serviceInterface) {
            RuntimeProxyCreation.register(serviceInterface);
        }

        @Override
        public void queryMethods(Class<?> type) {
            RuntimeReflection.register(type);
            RuntimeReflection.registerAllDeclaredMethods(type);
            RuntimeReflection.registerAllDeclaredConstructors(type);
        }

        @Override
        public void invoke(Executable executable) {
            RuntimeReflection.register(executable);
        }

        @Override
        public void fields(Class<?> type) {
            RuntimeReflection.register(type.getDeclaredFields());
        }
    }
}
