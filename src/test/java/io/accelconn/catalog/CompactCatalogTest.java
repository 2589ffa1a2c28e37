package io.accelconn.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.accelconn.policy.SizeCatalog;
import io.accelconn.policy.VmSizeName;
import io.accelconn.policy.VmSizeSpec;

class CompactCatalogTest {

    static CompactCatalog.Document read(String text) throws IOException {
        return CompactCatalog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesAndReadsBackSizesWithAndWithoutAParsedName() throws IOException {
        VmSizeSpec constrained = new VmSizeSpec("Standard_E8-2s_v4", "standardESv4Family", 8, 2, true, 2);
        VmSizeSpec odd = new VmSizeSpec("Odd size", null, 4, 4, false, 0);
        List<SizeCatalog.Entry> entries = List.of(
                new SizeCatalog.Entry(constrained, VmSizeName.parse(constrained.name()).orElseThrow()),
                new SizeCatalog.Entry(odd, null));
        CompactCatalog.Document doc = read(CompactCatalog.write(entries, "bundled snapshot 2026-08-01"));
        assertEquals("bundled snapshot 2026-08-01", doc.source());
        assertEquals(entries, doc.entries());
        assertNull(doc.entries().get(1).spec().family());
    }

    @Test
    void refusesWhatItDidNotWrite() {
        IOException noHeader = assertThrows(IOException.class, () -> read("Standard_D2_v2\tx\t2\t2\t1\t2\n"));
        assertTrue(noHeader.getMessage().contains("first line"), noHeader.getMessage());
        IOException shortLine = assertThrows(IOException.class, () -> read("# s\nStandard_D2_v2\tx\t2\n"));
        assertTrue(shortLine.getMessage().contains("line 2"), shortLine.getMessage());
        assertThrows(NumberFormatException.class, () -> read("# s\nStandard_D2_v2\tx\ttwo\t2\t1\t2\n"));
    }
}
