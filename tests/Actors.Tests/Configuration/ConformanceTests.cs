using Xunit;
using System.Text.Json;
using Sluice.Actors.Configuration;
using static Sluice.Actors.Tests.Configuration.TestConfigs;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>
/// The reference implementation's fixtures (shared/conformance/hocon). Every equivNN file must load to the tree of
/// its original.json; every other fixture must load, or fail, as HOCON.md says. Substitutions resolve against an
/// empty environment (plus HOME where a test says so), never the machine's. Java system properties (test01's
/// ${?java.version}, ${?user.home}) do not exist in .NET and are undefined; classpath resources (test07, test08)
/// do not exist either, so their includes are missing and ignored.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> EquivalentFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(ConformanceFolder.Hocon, "equiv*").Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(ConformanceFolder.Hocon, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EquivalentFiles))]
    public void Equivalent_file_loads_to_the_tree_of_its_original_json(string file)
    {
        var original = Path.Combine(Path.GetDirectoryName(ConformanceFolder.PathOf(file))!, "original.json");
        var config = ResolveFile(ConformanceFolder.PathOf(file));

        AssertJson(File.ReadAllText(original), config);
    }

    [Fact]
    public void Every_fixture_outside_the_equiv_folders_has_an_expectation()
    {
        var fixtures = Directory.GetFiles(ConformanceFolder.Hocon, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ConformanceFolder.Hocon, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("equiv", StringComparison.Ordinal) && f is not ("README.md" or "LICENSE-2.0.txt"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(fixtures, Fixtures.Keys.Order(StringComparer.Ordinal).ToList());
    }

    public static TheoryData<string> FixtureNames() => new(Fixtures.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_loads_or_fails_as_the_spec_says(string file) => Fixtures[file](ConformanceFolder.PathOf(file));

    private static readonly Dictionary<string, Action<string>> Fixtures = new(StringComparer.Ordinal)
    {
        ["a_1.conf"] = path => AssertJson("""{ "a": 1 }""", ResolveFile(path)),
        ["b_2.conf"] = path => AssertJson("""{ "b": 2 }""", ResolveFile(path)),
        ["bom.conf"] = path => AssertJson("""{ "foo": "bar" }""", ResolveFile(path)),
        ["onclasspath.conf"] = path => AssertJson("""{ "onclasspath": 42 }""", ResolveFile(path)),
        ["test07.conf"] = path => AssertJson("{}", ResolveFile(path)),
        ["test08.conf"] = path => AssertJson("{}", ResolveFile(path)),
        ["subdir/bar.conf"] = path => AssertJson("""{ "bar": 43 }""", ResolveFile(path)),
        ["subdir/bar-file.conf"] = path => AssertJson("""{ "bar-file": 44 }""", ResolveFile(path)),
        ["subdir/baz.conf"] = path => AssertJson("""{ "baz": 45 }""", ResolveFile(path)),
        ["subdir/foo.conf"] = path => AssertJson("""{ "foo": 42, "bar": 43, "bar-file": 44 }""", ResolveFile(path)),
        ["file-include.conf"] = path =>
            AssertJson("""{ "base": 41, "foo": 42, "bar": 43, "bar-file": 44, "baz": 45 }""", ResolveFile(path)),
        ["cycle.conf"] = path =>
        {
            var error = Assert.Throws<ConfigurationException>(() => Config.ParseFile(path));
            Assert.Equal($"{path}:1:9: include cycle: {path} -> {path}; a file may not include itself, directly or through other files", error.Message);
            Assert.Equal((path, 1, 9), (error.Origin, error.Line, error.Column));
        },
        ["env-variables.conf"] = path =>
        {
            AssertJson("""{ "secret": "a", "secrets": [] }""", ResolveFile(path));
            AssertJson("""{ "secret": "x", "secrets": ["y"] }""", ResolveFile(path, ("SECRET_A", "x"), ("SECRET_B", "y")));
        },
        ["test01.json"] = path => AssertJson("""{ "fromJson1": 1, "fromJsonA": "A" }""", ResolveFile(path)),
        ["test01.properties"] = path => AssertJson(
            """{ "fromProps": { "abc": "abc", "one": "1", "bool": "true", "specialChars": "hello^^" } }""", ResolveFile(path)),
        ["test01.conf"] = path =>
        {
            var config = ResolveFile(path, ("HOME", "/home/sluice"));
            CheckTest01(config, string.Empty);
            Assert.Equal(42, config.GetConfigList("arrays.ofObject")[0].GetInt("fortyTwo"));
            Assert.True(config.GetBoolean("booleans.trueAgain"));
        },
        ["include-from-list.conf"] = path =>
        {
            var config = ResolveFile(path, ("HOME", "/home/sluice"));
            var element = Assert.Single(config.GetConfigList("a"));
            CheckTest01(element, string.Empty);
        },
        ["test02.conf"] = path => AssertJson(
            """
            { "": { "": { "": 42 } }, "42_a": 42, "42_b": 42, "a": { "b": { "c": 57 } }, "57_a": 57, "57_b": 57,
              "a.b.c": 103, "103_a": 103, "a-c": 259, "a_c": 260, "-": 261 }
            """,
            ResolveFile(path)),
        ["test03-included.conf"] = path =>
        {
            var error = Assert.Throws<ConfigurationException>(() => ResolveFile(path));
            Assert.Equal(
                $"{path}:9:3: could not resolve substitution ${{bar}}: no setting at 'bar' and no environment variable 'bar' (write ${{?bar}} if it may be missing)",
                error.Message);
        },
        ["test03.conf"] = path =>
        {
            var config = ResolveFile(path, ("HOME", "/home/sluice"));
            CheckTest01(config, "test01.");
            Assert.Equal(42, config.GetInt("test01.booleans"));
            Assert.Equal(
                $"test01.arrays.ofObject[1]: expected an object, found 42 ({path}:5)",
                Assert.Throws<ConfigurationException>(() => config.GetConfigList("test01.arrays.ofObject")).Message);
            Assert.Equal(1, config.GetInt("test01.fromJson1"));
            Assert.Equal("hello^^", config.GetString("test01.fromProps.specialChars"));
            Assert.Equal(42, config.GetInt("test02.42_a"));
            Assert.Equal(103, config.GetInt("test02.\"103_a\""));
            using (var equiv = JsonDocument.Parse(config.GetConfig("equiv01").ToJson()))
            using (var original = JsonDocument.Parse(File.ReadAllText(ConformanceFolder.PathOf("equiv01/original.json"))))
            {
                Assert.True(JsonElement.DeepEquals(original.RootElement, equiv.RootElement));
            }

            Assert.True(config.GetConfig("nonexistent").IsEmpty);
            Assert.Equal("This is in the included file", config.GetString("foo"));
            Assert.Equal("This is in the including file", config.GetString("bar"));
            Assert.Equal("This is in the included file", config.GetString("a"));
            Assert.Equal("This is in the including file", config.GetString("b"));
            Assert.Equal("This is in the included file", config.GetString("subtree.a"));
            Assert.Equal("This is in the including file", config.GetString("subtree.b"));
        },
        ["test04.conf"] = path =>
        {
            var config = ResolveFile(path);
            Assert.Equal("2.0-SNAPSHOT", config.GetString("akka.version"));
            Assert.Equal(["akka.event.Logging$DefaultLogger"], config.GetStringList("akka.event-handlers"));
            Assert.Equal("round-robin", config.GetString("akka.actor.deployment.\"/app/service-ping\".router"));
            Assert.True(config.GetBoolean("akka.cluster.include-ref-node-in-replica-set"));
            Assert.Equal(1048576, config.GetBytes("akka.remote.client.message-frame-size"));
        },
        ["test05.conf"] = path =>
        {
            var config = ResolveFile(path);
            Assert.Equal("Yet Another Blog Engine", config.GetString("application.name"));
            Assert.Equal("prod", config.GetString("%prod.application.mode"));
            Assert.Equal("/modules/crud", config.GetString("module.crud"));
            Assert.Equal("create-drop", config.GetString("%test.jpa.ddl"));
        },
        ["test06.conf"] = path => AssertJson(
            """{ "a": 1, "b": 2, "c": 3, "d": { "foo": "bar" }, "x": 2, "y": { "foo": 10, "hello": "world" } }""",
            ResolveFile(path)),
        ["test09.conf"] = path => AssertJson(Test09, ResolveFile(path)),
        ["test10.conf"] = path => AssertJson($$"""{ "foo": {{Test09}}, "bar": { "nested": {{Test09}} } }""", ResolveFile(path)),
        ["test11.conf"] = path =>
        {
            var config = ResolveFile(path);
            AssertJson("""{ "10": "42", "-10": "-42", "foo-bar": "bar-baz", "---": "------", "a-": "b-" }""", config);
            AssertJson(config.ToJson(), Config.Parse(config.Render()).Resolve());
        },
        ["test12.conf"] = path =>
        {
            var config = ResolveFile(path);
            Assert.Equal(40, config.Keys.Count());
            Assert.Equal(42, config.GetInt("sth"));
            Assert.Equal("42", config.GetString("\"12345678901234567891234567890123456789\""));
            AssertJson(config.ToJson(), Config.Parse(config.Render()).Resolve());
        },
        ["test13-reference-bad-substitutions.conf"] = path =>
        {
            var error = Assert.Throws<ConfigurationException>(() => ResolveFile(path));
            Assert.StartsWith($"{path}:1:5: could not resolve substitution ${{b}}", error.Message, StringComparison.Ordinal);
            var overridden = Config.ParseFile(ConformanceFolder.PathOf("test13-application-override-substitutions.conf"))
                .WithFallback(Config.ParseFile(path)).ResolveWithEnvironment(Environment());
            AssertJson("""{ "a": "overridden", "b": "overridden" }""", overridden);
        },
        ["test13-reference-with-substitutions.conf"] = path =>
        {
            AssertJson("""{ "a": "b", "b": "b" }""", ResolveFile(path));

            // As a reference it is resolved on its own first, so the application's b does not change a.
            var application = Config.ParseFile(ConformanceFolder.PathOf("test13-application-override-substitutions.conf"));
            AssertJson("""{ "a": "b", "b": "overridden" }""", application.WithFallback(ResolveFile(path)).Resolve());
        },
        ["test13-application-override-substitutions.conf"] = path => AssertJson("""{ "b": "overridden" }""", ResolveFile(path)),
        ["validate-reference.conf"] = path =>
        {
            var reference = ResolveFile(path);
            ConfigValidation.CheckValid(reference, reference);
        },
        ["validate-invalid.conf"] = path =>
        {
            var reference = ResolveFile(ConformanceFolder.PathOf("validate-reference.conf"));
            var invalid = ResolveFile(path);
            var problems = ConfigValidation.FindProblems(invalid, reference);
            Assert.Equal(
                [
                    $"int3: expected a number, found an object ({path}:7)",
                    $"float2: expected a number, found false ({path}:9)",
                    $"float3: expected a number, found a list ({path}:10)",
                    $"bool1: expected a boolean, found 709 ({path}:11)",
                    $"bool3: expected a boolean, found an object ({path}:13)",
                    $"object1.a: missing; the reference sets it to a string ({ConformanceFolder.PathOf("validate-reference.conf")}:17)",
                    $"object2: expected an object, found a list ({path}:18)",
                    $"object3: expected an object, found 12345 ({path}:19)",
                    $"array3[0]: expected a boolean, found an object ({path}:22)",
                    $"array4[0]: expected an object, found 42 ({path}:23)",
                    $"array5: expected a list, found 64 ({path}:24)",
                    $"willBeMissing: missing; the reference sets it to a number ({ConformanceFolder.PathOf("validate-reference.conf")}:27)",
                    $"a.b.c.d.e.f.g: expected a boolean, found 100 ({path}:28)",
                    $"a.b.c.d.e.f.i: expected a boolean, found a list ({path}:30)",
                    $"a.b.c.d.e.f.j: missing; the reference sets it to a boolean ({ConformanceFolder.PathOf("validate-reference.conf")}:32)",
                ],
                problems);
            var error = Assert.Throws<ConfigurationException>(() => ConfigValidation.CheckValid(invalid, reference));
            Assert.StartsWith("Configuration does not match the reference (15 problems):", error.Message, StringComparison.Ordinal);
        },
        ["beanconfig/beanconfig01.conf"] = path =>
        {
            var config = ResolveFile(path);
            Assert.True(config.GetBoolean("booleans.trueValAgain"));
            Assert.Equal("abcd", config.GetString("strings.abcd-again"));
            Assert.Equal([32, 42, 52], config.GetIntList("arrays.of-long"));
            Assert.Equal(3, config.GetConfigList("arrays.ofConfig").Count);
            Assert.Equal(1000, config.GetBytes("bytes.kilobyte"));
            Assert.Equal(1024, config.GetBytes("bytes.kibibyte"));
            Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetDuration("durations.halfSecond"));
            Assert.Equal(42, config.GetInt("values.unwrappedMap.should-be-boolean"));
        },
    };

    private const string Test09 = """
        { "x": { "q": 10 }, "y": 5, "a": { "q": 10, "c": 3 }, "b": 5,
          "c": { "q": 10, "d": 600, "e": { "q": 10, "c": 3 }, "f": 5 } }
        """;

    private static void CheckTest01(Config config, string prefix)
    {
        Assert.Equal(42, config.GetInt(prefix + "ints.fortyTwoAgain"));
        Assert.Equal(42.1, config.GetDouble(prefix + "floats.fortyTwoPointOneAgain"));
        Assert.Equal(".33", config.GetString(prefix + "floats.pointThirtyThreeAgain"));
        Assert.Equal(0.33, config.GetDouble(prefix + "floats.pointThirtyThree"));
        Assert.Equal("abcd", config.GetString(prefix + "strings.abcdAgain"));
        Assert.Equal("null bar 42 baz true 3.14 hi", config.GetString(prefix + "strings.concatenated"));
        Assert.Equal(["a", "b", "c"], config.GetStringList(prefix + "arrays.ofString"));
        Assert.Equal(["a", "b"], config.GetStringList(prefix + "arrays.firstElementNotASubst"));
        Assert.Equal(42, config.GetConfig(prefix + "ints").GetInt("fortyTwo"));
        Assert.False(config.HasPath(prefix + "nulls.nullAgain"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration(prefix + "durations.second"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), config.GetDuration(prefix + "durations.millis"));
        Assert.Equal(TimeSpan.FromMilliseconds(2), config.GetDuration(prefix + "durations.micros"));
        Assert.Equal(TimeSpan.FromTicks(48789553554352722), config.GetDuration(prefix + "durations.largeNanos"));
        Assert.Equal(TimeSpan.FromTicks(48789553554352722), config.GetDuration(prefix + "durations.plusLargeNanos"));
        Assert.Equal(TimeSpan.FromTicks(-48789553554352722), config.GetDuration(prefix + "durations.minusLargeNanos"));
        Assert.Equal(new ConfigPeriod(0, 0, 21), config.GetPeriod(prefix + "periods.week"));
        Assert.Equal(new ConfigPeriod(0, 5, 0), config.GetPeriod(prefix + "periods.month"));
        Assert.Equal(new ConfigPeriod(8, 0, 0), config.GetPeriod(prefix + "periods.year"));
        Assert.Equal(new ConfigPeriod(0, 0, 2), config.GetPeriod(prefix + "periods.dayAsNumber"));
        Assert.Equal(1048576, config.GetBytes(prefix + "memsizes.meg"));
        Assert.Equal(524288, config.GetBytes(prefix + "memsizes.halfMeg"));
        Assert.Equal(
            $"{prefix}memsizes.yottabyte: the size does not fit in a 64-bit byte count, found \"1YB\" ({config.GetOrigin(prefix + "memsizes.yottabyte")})",
            Assert.Throws<ConfigurationException>(() => config.GetBytes(prefix + "memsizes.yottabyte")).Message);
        Assert.Equal("/home/sluice", config.GetString(prefix + "system.home"));
        Assert.False(config.HasPath(prefix + "system.javaversion"));
        Assert.False(config.HasPath(prefix + "system.not_here"));
        Assert.Equal("Your Java version is  and your user.home is ", config.GetString(prefix + "system.concatenated"));
    }
}
