using Sluice.Actors.Configuration;
using Xunit;
using static Sluice.Actors.Tests.Configuration.TestConfigs;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>HOCON.md "Includes", each test in a fresh temporary folder.</summary>
public sealed class IncludeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sluice-hocon-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Includes_are_found_next_to_the_including_file_at_any_depth()
    {
        Write("main.conf", "include \"sub/a.conf\"\nx = 1");
        Write("sub/a.conf", "a = 1\ninclude file(\"b.conf\")");
        Write("sub/b.conf", "b = 2");

        AssertJson("""{ "a": 1, "b": 2, "x": 1 }""", ResolveFile(PathOf("main.conf")));
    }

    [Fact]
    public void An_include_merges_like_duplicate_keys_at_its_position()
    {
        Write("main.conf", "a = 1\nobj { x = 1 }\ninclude \"inc.conf\"\nb = 2");
        Write("inc.conf", "a = 10\nb = 20\nobj { y = 2 }");

        AssertJson("""{ "a": 10, "obj": { "x": 1, "y": 2 }, "b": 2 }""", ResolveFile(PathOf("main.conf")));
    }

    [Fact]
    public void A_name_without_extension_merges_properties_then_json_then_conf()
    {
        Write("main.conf", "inc { include \"both\" }");
        Write("both.properties", "p = from-properties\nall = properties");
        Write("both.json", """{ "j": "from-json", "all": "json" }""");
        Write("both.conf", "c = from-conf\nall = conf");

        AssertJson("""{ "inc": { "p": "from-properties", "all": "conf", "j": "from-json", "c": "from-conf" } }""",
            ResolveFile(PathOf("main.conf")));
    }

    [Fact]
    public void Substitutions_in_an_included_file_look_near_the_include_first_then_at_the_root()
    {
        Write("main.conf", "shared = root\nouter { include \"inc.conf\" }\nouter { x = 42 }");
        Write("inc.conf", "x = 10\ny = ${x}\nz = ${shared}\nlist += 1");

        AssertJson("""{ "shared": "root", "outer": { "x": 42, "y": 42, "z": "root", "list": [1] } }""",
            ResolveFile(PathOf("main.conf")));
    }

    [Fact]
    public void An_include_inside_a_list_element_resolves_within_that_element()
    {
        Write("main.conf", "a = [ { include \"inc.conf\" } ]");
        Write("inc.conf", "x = 10\ny = ${x}");

        AssertJson("""{ "a": [ { "x": 10, "y": 10 } ] }""", ResolveFile(PathOf("main.conf")));
    }

    [Fact]
    public void A_missing_include_is_ignored_unless_required()
    {
        Write("main.conf", "include \"nothere\"\ninclude file(\"nothere.conf\")\ninclude classpath(\"nothere.conf\")\na = 1");
        AssertJson("""{ "a": 1 }""", ResolveFile(PathOf("main.conf")));

        Write("required.conf", "a = 1\ninclude required(file(\"nothere.conf\"))");
        var error = Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("required.conf")));
        Assert.Equal($"{PathOf("required.conf")}:2:9: required include 'nothere.conf' not found (looked for {PathOf("nothere.conf")})", error.Message);
        Assert.Equal((PathOf("required.conf"), 2, 9), (error.Origin, error.Line, error.Column));

        Write("required2.conf", "include required(\"nothere\")");
        Assert.Equal(
            $"{PathOf("required2.conf")}:1:9: required include 'nothere' not found (looked for {PathOf("nothere.properties")}, {PathOf("nothere.json")}, {PathOf("nothere.conf")})",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("required2.conf"))).Message);
    }

    [Fact]
    public void Url_includes_and_required_classpath_includes_are_refused_with_the_fix()
    {
        Write("url.conf", "include url(\"http://example.com/a.conf\")");
        Assert.Equal(
            $"{PathOf("url.conf")}:1:9: include url(\"http://example.com/a.conf\") is not supported: Sluice reads configuration from files only; download it and use include file(\"...\")",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("url.conf"))).Message);

        Write("heuristic.conf", "include \"https://example.com/a.conf\"");
        Assert.Contains("is not supported", Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("heuristic.conf"))).Message, StringComparison.Ordinal);

        Write("classpath.conf", "include required(classpath(\"reference.conf\"))");
        Assert.Equal(
            $"{PathOf("classpath.conf")}:1:9: required include classpath(\"reference.conf\") cannot be found: .NET has no Java classpath; use include file(\"...\")",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("classpath.conf"))).Message);
    }

    [Fact]
    public void An_include_cycle_through_several_files_is_an_error()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "x = 1\ninclude \"a.conf\"");

        Assert.Equal(
            $"{PathOf("b.conf")}:2:9: include cycle: {PathOf("a.conf")} -> {PathOf("b.conf")} -> {PathOf("a.conf")}; a file may not include itself, directly or through other files",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("a.conf"))).Message);
    }

    [Fact]
    public void Errors_in_an_included_file_name_that_file()
    {
        Write("main.conf", "include \"bad.conf\"");
        Write("bad.conf", "a = {");

        Assert.Equal($"{PathOf("bad.conf")}:1:6: expected '}}' or a key, found end of input",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("main.conf"))).Message);
    }

    [Fact]
    public void An_included_file_must_hold_an_object()
    {
        Write("main.conf", "include \"list.json\"");
        Write("list.json", "[1, 2]");

        Assert.Equal($"{PathOf("list.json")}:1:1: the root of a configuration must be an object, found '['",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("main.conf"))).Message);
    }

    [Fact]
    public void Parse_finds_relative_includes_in_the_current_directory()
    {
        var name = $"sluice-include-{Guid.NewGuid():N}.conf";
        var file = Path.Combine(Directory.GetCurrentDirectory(), name);
        File.WriteAllText(file, "from-cwd = yes");
        try
        {
            Assert.True(Config.Parse($"include \"{name}\"").GetBoolean("from-cwd"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Parse_file_of_a_missing_file_says_where_it_looked() =>
        Assert.Equal($"{PathOf("missing.conf")}: configuration file not found (looked for {PathOf("missing.conf")})",
            Assert.Throws<ConfigurationException>(() => Config.ParseFile(PathOf("missing.conf"))).Message);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private void Write(string name, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(name))!);
        File.WriteAllText(PathOf(name), text);
    }
}
