package io.accelconn.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.azure.core.annotation.ReturnValueWireType;
import com.azure.core.annotation.ServiceInterface;
import com.azure.core.annotation.UnexpectedResponseExceptionType;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.ExpandableStringEnum;
import com.azure.json.JsonSerializable;

/**
 * What the Azure SDK reaches by reflection, read from the SDK's own annotations and types
 * instead of a list kept by hand, so a newly added SDK client needs no edit here:
 * <ul>
 * <li>a {@code @ServiceInterface} REST interface: azure-core reads its methods and their
 * annotations reflectively and implements it as a dynamic proxy;</li>
 * <li>the types its methods return and take: {@code JsonSerializable} models are read through
 * a static {@code fromJson} found by reflection, other models by Jackson (fields, accessors,
 * constructors), {@code Response} subclasses and {@code @ReturnValueWireType}s are constructed
 * reflectively;</li>
 * <li>the exceptions its {@code @UnexpectedResponseExceptionType}s name: azure-core looks up
 * {@code getValue()} for the error body type and calls the {@code (String, HttpResponse, body)}
 * constructor reflectively;</li>
 * <li>{@code ExpandableStringEnum} subclasses, created through their no-argument constructor.</li>
 * </ul>
 * The native build ({@link AzureSdkFeature}) applies this to what its analysis finds reachable: a
 * REST interface when its client is built, a REST method's types when a client method calling it
 * ({@link ServiceCalls}) is reachable. Tests apply it on the JVM to see what would be registered.
 */
public final class SdkReflection {

    /** Where the registrations go: GraalVM's {@code RuntimeReflection} in the build, a recorder in tests. */
    public interface Registry {
        /** An interface the SDK implements with {@code java.lang.reflect.Proxy}. */
        void proxy(Class<?> serviceInterface);

        /** The class itself and its declared methods, as {@code getDeclaredMethods()} lists them. */
        void queryMethods(Class<?> type);

        /** A method or constructor called reflectively. */
        void invoke(Executable executable);

        /** Fields Jackson reads and writes. */
        void fields(Class<?> type);
    }

    private static final byte[] SERVICE_INTERFACE_DESCRIPTOR = ("L" + ServiceInterface.class.getName().replace('.', '/') + ";")
            .getBytes(StandardCharsets.UTF_8);

    private final Registry registry;
    /** Reachability handlers may run on several analysis threads. */
    private final Set<Class<?>> seen = ConcurrentHashMap.newKeySet();

    public SdkReflection(Registry registry) {
        this.registry = registry;
    }

    /**
     * The binary names of the classes in a jar (or class directory) that carry
     * {@code @ServiceInterface}: a byte search for the annotation's descriptor, so nothing is
     * loaded; callers load the candidates and check the annotation.
     */
    public static List<String> serviceInterfaceCandidates(Path classPathEntry) {
        List<String> found = new ArrayList<>();
        try {
            if (Files.isDirectory(classPathEntry)) {
                try (Stream<Path> files = Files.walk(classPathEntry)) {
                    for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                        if (mentionsServiceInterface(Files.readAllBytes(file))) {
                            found.add(binaryName(classPathEntry.relativize(file).toString().replace('\\', '/')));
                        }
                    }
                }
            } else if (Files.isRegularFile(classPathEntry) && classPathEntry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(classPathEntry.toFile())) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                            continue;
                        }
                        try (InputStream in = jar.getInputStream(entry)) {
                            if (mentionsServiceInterface(in.readAllBytes())) {
                                found.add(binaryName(entry.getName()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classPathEntry, e);
        }
        return found;
    }

    /** True for a loaded class that azure-core would turn into a REST proxy. */
    public static boolean isServiceInterface(Class<?> type) {
        return type.isInterface() && type.isAnnotationPresent(ServiceInterface.class);
    }

    /**
     * A REST proxy interface whose client was built: the proxy, its methods' metadata (the proxy
     * looks them up; azure-core reads their annotations) and the exceptions they name. The models
     * of a method come with {@link #serviceMethod}, once something calls it.
     */
    public void serviceInterface(Class<?> service) {
        if (!seen.add(service)) {
            return;
        }
        registry.proxy(service);
        registry.queryMethods(service);
        for (Method method : service.getDeclaredMethods()) {
            for (UnexpectedResponseExceptionType thrown : method.getAnnotationsByType(UnexpectedResponseExceptionType.class)) {
                exception(thrown.value());
            }
        }
        // What azure-core throws when a method names no exception type of its own.
        exception(HttpResponseException.class);
    }

    /** A REST method something calls: everything its signature and annotations name. */
    public void serviceMethod(Method method) {
        serviceInterface(method.getDeclaringClass());
        walk(method.getGenericReturnType());
        for (Type parameter : method.getGenericParameterTypes()) {
            walk(parameter);
        }
        ReturnValueWireType wire = method.getAnnotation(ReturnValueWireType.class);
        if (wire != null) {
            constructible(wire.value());
            walk(wire.value());
        }
    }

    /**
     * A client method calling REST methods: what it returns is deserialised by type too (a
     * long-running operation's final result is read into the type the poller was made for).
     */
    public void clientMethod(Method method) {
        walk(method.getGenericReturnType());
    }

    /**
     * A {@code JsonSerializable} type the analysis found reachable. azure-core, azure-identity and the
     * data-plane clients read some of theirs by type outside any REST interface (polling state,
     * token answers): their {@code fromJson} is registered. A resource-manager model is not: each of a
     * provider's hundreds of models is reachable as soon as its client is built, yet only those named
     * by a called REST method ({@link #serviceMethod}) or a client method's answer ({@link #clientMethod})
     * are read by type.
     */
    public void reachableJsonSerializable(Class<?> type) {
        if (!type.getName().startsWith("com.azure.resourcemanager.")) {
            jsonSerializable(type);
        }
    }

    /** A model azure-core deserialises through {@code fromJson(JsonReader)}, found by reflection. */
    public void jsonSerializable(Class<?> model) {
        registry.queryMethods(model);
        for (Method m : model.getDeclaredMethods()) {
            if (m.getName().equals("fromJson") && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1) {
                registry.invoke(m);
            }
        }
    }

    /** An {@code ExpandableStringEnum}: {@code fromString} creates values through the no-argument constructor. */
    public void expandableStringEnum(Class<?> type) {
        try {
            registry.invoke(type.getDeclaredConstructor());
        } catch (NoSuchMethodException e) {
            // an abstract intermediate type: its concrete subclasses are registered one by one
        }
    }

    private void exception(Class<? extends HttpResponseException> type) {
        if (!seen.add(type)) {
            return;
        }
        // getDeclaredMethod("getValue") names the error body type; the constructor taking it is called.
        registry.queryMethods(type);
        constructible(type);
        try {
            walk(type.getDeclaredMethod("getValue").getGenericReturnType());
        } catch (NoSuchMethodException e) {
            // the body stays an Object: nothing more to register
        }
    }

    private void constructible(Class<?> type) {
        registry.queryMethods(type);
        for (Executable c : type.getDeclaredConstructors()) {
            registry.invoke(c);
        }
    }

    private void walk(Type type) {
        if (type instanceof Class<?> c) {
            model(c);
        } else if (type instanceof ParameterizedType p) {
            walk(p.getRawType());
            for (Type argument : p.getActualTypeArguments()) {
                walk(argument);
            }
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                walk(bound);
            }
            for (Type bound : w.getLowerBounds()) {
                walk(bound);
            }
        } else if (type instanceof GenericArrayType a) {
            walk(a.getGenericComponentType());
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                walk(bound);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void model(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || platform(type) || !seen.add(type)) {
            return;
        }
        if (JsonSerializable.class.isAssignableFrom(type)) {
            // fromJson reads nested models by direct calls: only the top one is looked up.
            jsonSerializable(type);
        } else if (ExpandableStringEnum.class.isAssignableFrom(type)) {
            expandableStringEnum(type);
        } else if (HttpResponseException.class.isAssignableFrom(type)) {
            seen.remove(type);
            exception((Class<? extends HttpResponseException>) type);
        } else if (Response.class.isAssignableFrom(type)) {
            constructible(type);
        } else if (type.getName().startsWith("com.azure.core.") && !type.getName().startsWith("com.azure.core.management.")) {
            // azure-core's own plumbing (Context, HttpHeaders, BinaryData, ...): built directly, never by reflection.
            return;
        } else {
            jacksonModel(type);
        }
    }

    /** A model without {@code fromJson}: Jackson reads its fields, accessors and constructors, and those of its parts. */
    private void jacksonModel(Class<?> type) {
        registry.queryMethods(type);
        registry.fields(type);
        for (Executable c : type.getDeclaredConstructors()) {
            registry.invoke(c);
        }
        for (Method m : type.getDeclaredMethods()) {
            registry.invoke(m);
        }
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                walk(f.getGenericType());
            }
        }
        if (type.getSuperclass() != null) {
            walk(type.getGenericSuperclass());
        }
    }

    /** JDK, Reactor, Netty and Jackson types: the frameworks register what they reflect on themselves. */
    private static boolean platform(Class<?> type) {
        String name = type.getName();
        return type.getClassLoader() == null || name.startsWith("java.") || name.startsWith("javax.")
                || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("reactor.")
                || name.startsWith("io.netty.") || name.startsWith("com.fasterxml.") || name.startsWith("org.reactivestreams.");
    }

    private static boolean mentionsServiceInterface(byte[] classFile) {
        byte[] needle = SERVICE_INTERFACE_DESCRIPTOR;
        outer:
        for (int i = 0, last = classFile.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (classFile[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String binaryName(String classFilePath) {
        return classFilePath.substring(0, classFilePath.length() - ".class".length()).replace('/', '.');
    }
}
