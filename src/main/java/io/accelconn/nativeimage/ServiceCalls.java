package io.accelconn.nativeimage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which methods of a REST client implementation call which methods of its {@code @ServiceInterface},
 * read from the implementation's class file. The native build registers a REST method's models only
 * once a client method calling it is reachable: a resource-manager client builds every operation
 * group of its provider (about a hundred interfaces for the network provider), and the models of all
 * their methods were most of what the image held.
 * <p>
 * The scan looks for {@code invokeinterface} instructions and method handles (lambdas written as
 * method references) naming the interface. It does not decode instructions: a byte pattern that only
 * looks like such a call registers one method too many, never one too few.
 */
public final class ServiceCalls {

    /** Calls by the class's own methods, keyed by {@link #key(Method)}; values are the interface's keys. */
    private final Map<String, Set<String>> byCaller;
    /** Interface methods named by method handles: called from wherever the class is used. */
    private final Set<String> byHandle;

    private ServiceCalls(Map<String, Set<String>> byCaller, Set<String> byHandle) {
        this.byCaller = byCaller;
        this.byHandle = byHandle;
    }

    /** The interface methods {@code caller} invokes, as {@link #key(Method)}s; empty when it calls none. */
    public Set<String> of(Method caller) {
        return byCaller.getOrDefault(key(caller), Set.of());
    }

    /** The interface methods named by method handles anywhere in the class. */
    public Set<String> byHandle() {
        return byHandle;
    }

    /** Name and JVM descriptor: what a class file names a method by. */
    public static String key(Method method) {
        StringBuilder s = new StringBuilder(method.getName()).append('(');
        for (Class<?> p : method.getParameterTypes()) {
            s.append(descriptor(p));
        }
        return s.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "void" -> "V";
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> throw new IllegalArgumentException(type.getName());
        };
    }

    /** Reads the class file of {@code type} through its class loader. */
    public static ServiceCalls in(Class<?> type, Class<?> serviceInterface) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (var in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type.getName());
            }
            return parse(in.readAllBytes(), serviceInterface.getName().replace('.', '/'));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static ServiceCalls parse(byte[] classFile, String interfaceInternalName) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        int[] tags = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    first[i] = in.readUnsignedByte();
                    second[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        // Constant pool entries that name a method of the interface, by index.
        String[] interfaceMethod = new String[count];
        Set<String> byHandle = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if ((tags[i] == 11 || tags[i] == 10) && utf8[first[first[i]]].equals(interfaceInternalName)) {
                int nameAndType = second[i];
                interfaceMethod[i] = utf8[first[nameAndType]] + utf8[second[nameAndType]];
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] == 15 && interfaceMethod[second[i]] != null) {
                byHandle.add(interfaceMethod[second[i]]);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipBytes(2 * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        Map<String, Set<String>> byCaller = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String key = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String name = utf8[in.readUnsignedShort()];
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                if (name.equals("Code")) {
                    Set<String> called = invoked(body, interfaceMethod);
                    if (!called.isEmpty()) {
                        byCaller.put(key, called);
                    }
                }
            }
        }
        return new ServiceCalls(byCaller, byHandle);
    }

    /** invokeinterface is 0xB9, a two-byte constant index, an argument count (never 0) and a 0 byte. */
    private static Set<String> invoked(byte[] codeAttribute, String[] interfaceMethod) {
        Set<String> called = new HashSet<>();
        int codeLength = ((codeAttribute[4] & 0xFF) << 24) | ((codeAttribute[5] & 0xFF) << 16)
                | ((codeAttribute[6] & 0xFF) << 8) | (codeAttribute[7] & 0xFF);
        for (int i = 8, end = Math.min(8 + codeLength, codeAttribute.length); i + 4 < end; i++) {
            if ((codeAttribute[i] & 0xFF) == 0xB9 && codeAttribute[i + 3] != 0 && codeAttribute[i + 4] == 0) {
                int index = ((codeAttribute[i + 1] & 0xFF) << 8) | (codeAttribute[i + 2] & 0xFF);
                if (index < interfaceMethod.length && interfaceMethod[index] != null) {
                    called.add(interfaceMethod[index]);
                }
            }
        }
        return called;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
