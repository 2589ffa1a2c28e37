package io.accelconn.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.plan.TemplateScope.Copy;

/** The expression subset, without I/O: what is evaluated, and what stays unknown with its reason. */
class TemplateScopeTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String PARAMETERS = """
            {"vmSize": {"type": "string", "defaultValue": "Standard_D8s_v4"},
             "prefix": {"type": "string"},
             "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
             "count": {"type": "int", "defaultValue": 2},
             "external": {"type": "bool", "defaultValue": true},
             "tags": {"type": "object", "defaultValue": {"owner": "netops"}},
             "derived": {"type": "string", "defaultValue": "[concat(parameters('vmSize'), '-x')]"}}""";
    static final String VARIABLES = """
            {"nicName": "[concat(parameters('prefix'), '-nic')]",
             "vmName": "[format('{0}-vm-{1}', 'fw', 2)]",
             "loop": "[variables('loop2')]", "loop2": "[variables('loop')]",
             "sizes": ["Standard_D4s_v4", "Standard_D16s_v4"]}""";

    static TemplateScope scope(String supplied, String location) throws Exception {
        return new TemplateScope(MAPPER.readTree(PARAMETERS), supplied == null ? null : MAPPER.readTree(supplied),
                MAPPER.readTree(VARIABLES), location);
    }

    static String text(ArmValue v) {
        assertTrue(v.isKnown(), () -> "unknown: " + v.why());
        return v.node().asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[parameters('vmSize')]                                  | Standard_D8s_v4",
            "[PARAMETERS('VMSIZE')]                                  | Standard_D8s_v4",
            "[parameters('derived')]                                 | Standard_D8s_v4-x",
            "[variables('vmName')]                                   | fw-vm-2",
            "[concat('a', 'b', 1)]                                   | ab1",
            "[format('{0}{{x}}{1}', 'a', true())]                    | a{x}True",
            "[toLower('EastUS')]                                     | eastus",
            "[if(parameters('external'), 'two', 'one')]              | two",
            "[if(not(parameters('external')), 2, 1)]                 | 1",
            "[if(and(equals(parameters('count'), 2), true()), 'y', 'n')] | y",
            "[variables('sizes')[1]]                                 | Standard_D16s_v4",
            "[parameters('tags').owner]                              | netops",
            "[parameters('tags')['OWNER']]                           | netops",
            "[string(length(range(0, parameters('count'))))]         | 2",
            "[union(parameters('tags'), createObject('a', 'b')).a]   | b",
            "[  concat( 'it''s' , ' ok' ) ]                          | it's ok",
            "[[not an expression]                                    | [not an expression]",
            "[test] value                                            | [test] value",
            "plain                                                   | plain",
    })
    void evaluates(String expression, String expected) throws Exception {
        assertEquals(expected, text(scope(null, "westeurope").evaluate(expression, Copy.NONE)));
    }

    @Test
    void resourceGroupLocationNeedsTheCaller() throws Exception {
        assertEquals("eastus2", text(scope(null, "eastus2").evaluate("[parameters('location')]", Copy.NONE)));
        ArmValue unknown = scope(null, null).evaluate("[parameters('location')]", Copy.NONE);
        assertFalse(unknown.isKnown());
        assertTrue(unknown.why().contains("?location="), unknown.why());
    }

    @Test
    void suppliedValuesWinAndAreNotEvaluated() throws Exception {
        TemplateScope s = scope("{\"vmSize\": {\"value\": \"Standard_F16s_v2\"}, \"prefix\": {\"value\": \"[x]\"}}", null);
        assertEquals("Standard_F16s_v2", text(s.evaluate("[parameters('vmSize')]", Copy.NONE)));
        assertEquals("[x]-nic", text(s.evaluate("[variables('nicName')]", Copy.NONE)));
    }

    @Test
    void unknownsKeepACanonicalSpellingSoEqualExpressionsMatch() throws Exception {
        TemplateScope s = scope(null, null);
        ArmValue viaVariable = s.evaluate("[variables('nicName')]", Copy.NONE);
        ArmValue written = s.evaluate("[CONCAT(parameters( 'PREFIX' ),'-nic')]", Copy.NONE);
        assertFalse(viaVariable.isKnown());
        assertEquals(viaVariable.symbol(), written.symbol());
        assertTrue(viaVariable.why().contains("'prefix' has no default"), viaVariable.why());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[uniqueString(resourceGroup().id)]   | evaluated only at deployment",
            "[reference('nic').ipConfigurations]  | evaluated only at deployment",
            "[variables('loop')]                  | refers to itself",
            "[parameters('nope')]                 | declares no parameter",
            "[concat('a', 'b']                    | not a template expression",
            "[format('{0:N2}', 1)]                | not evaluated offline",
            "[equals('a', 'A')]                   | not evaluated offline",
            "[copyIndex()]                        | outside its copy loop",
    })
    void staysUnknownWithAReason(String expression, String why) throws Exception {
        ArmValue v = scope(null, "eastus").evaluate(expression, Copy.NONE);
        assertFalse(v.isKnown(), () -> expression + " = " + v);
        assertTrue(v.why().contains(why), v.why());
    }

    @Test
    void copyIndexReadsItsLoop() throws Exception {
        TemplateScope s = scope(null, null);
        Copy copy = Copy.NONE.with("nodeCopy", 1, true).with("networkInterfaces", 0, false);
        assertEquals("2", text(s.evaluate("[string(copyIndex(1))]", copy)));
        assertEquals("1", text(s.evaluate("[string(copyIndex('networkInterfaces', 1))]", copy)));
        ArmValue symbolic = s.evaluate("[concat('nic', copyIndex())]", Copy.NONE.with("loop", null, true));
        assertFalse(symbolic.isKnown());
        assertEquals("concat('nic',copyindex())", symbolic.symbol());
    }

    @Test
    void resourceIdIsAReferenceByTypeAndName() throws Exception {
        ArmValue v = scope(null, null).evaluate(
                "[resourceId('rg', 'Microsoft.Network/networkInterfaces', variables('vmName'))]", Copy.NONE);
        ArmValue.ResourceRef ref = assertInstanceOf(ArmValue.ResourceRef.class, v);
        assertEquals("Microsoft.Network/networkInterfaces", ref.type());
        assertEquals("fw-vm-2", text(ref.names().get(0)));
    }

    @Test
    void hostileInputIsUnknownNotAnError() throws Exception {
        String deep = "[" + "concat(".repeat(200) + "'x'" + ")".repeat(200) + "]";
        assertNull(ArmExpression.parse(deep));
        assertFalse(scope(null, null).evaluate("[range(0, 100000000)]", Copy.NONE).isKnown());
        JsonNode huge = MAPPER.getNodeFactory().textNode("[" + "a".repeat(ArmExpression.MAX_LENGTH) + "()]");
        assertFalse(scope(null, null).evaluate(huge, Copy.NONE).isKnown());
        assertNotNull(ArmExpression.parse("[concat('a')]"));
    }
}
