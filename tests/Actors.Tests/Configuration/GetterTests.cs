using Sluice.Actors.Configuration;
using Xunit;
using static Sluice.Actors.Tests.Configuration.TestConfigs;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>Typed getters, their conversions (HOCON.md "Automatic type conversions") and their errors.</summary>
public sealed class GetterTests
{
    private static readonly Config Sample = Config.Parse(
        """
        sluice {
          actor {
            throughput = "abc"
            count = 30
            big = 3000000000
            half = 1.5
            whole = 2.0
            text-number = "12"
          }
          flags { t = true, y = yes, on = on, f = false, n = no, off = off, bad = maybe }
          nothing = null
          list = [a, 1, true]
          ints = [1, "2", 3]
          objects = [{ a = 1 }, { a = 2 }]
          indexed { "1" = b, "0" = a, x = ignored }
          "quoted.key" = q
        }
        """,
        "application.conf");

    [Fact]
    public void Missing_path_names_the_key() =>
        Assert.Equal("No configuration setting found for key 'sluice.x.y'",
            Assert.Throws<ConfigurationException>(() => Sample.GetString("sluice.x.y")).Message);

    [Fact]
    public void Wrong_type_names_the_path_the_value_and_its_origin()
    {
        var error = Assert.Throws<ConfigurationException>(() => Sample.GetInt("sluice.actor.throughput"));

        Assert.Equal("sluice.actor.throughput: expected a number, found \"abc\" (application.conf:3)", error.Message);
        Assert.Equal(("application.conf", 3), (error.Origin, error.Line));
    }

    [Fact]
    public void Numbers_convert_from_strings_and_are_range_checked()
    {
        Assert.Equal(30, Sample.GetInt("sluice.actor.count"));
        Assert.Equal(12, Sample.GetInt("sluice.actor.text-number"));
        Assert.Equal(2, Sample.GetInt("sluice.actor.whole"));
        Assert.Equal(3000000000L, Sample.GetLong("sluice.actor.big"));
        Assert.Equal(1.5, Sample.GetDouble("sluice.actor.half"));
        Assert.Equal(12.0, Sample.GetDouble("sluice.actor.text-number"));
        Assert.Equal("sluice.actor.big: expected a number from -2147483648 to 2147483647, found 3000000000 (application.conf:5)",
            Assert.Throws<ConfigurationException>(() => Sample.GetInt("sluice.actor.big")).Message);
        Assert.Equal("sluice.actor.half: expected a whole number, found 1.5 (application.conf:6)",
            Assert.Throws<ConfigurationException>(() => Sample.GetLong("sluice.actor.half")).Message);
        Assert.Equal("sluice.actor.throughput: expected a number, found \"abc\" (application.conf:3)",
            Assert.Throws<ConfigurationException>(() => Sample.GetDouble("sluice.actor.throughput")).Message);
    }

    [Fact]
    public void Booleans_accept_true_yes_on_false_no_off()
    {
        Assert.True(Sample.GetBoolean("sluice.flags.t"));
        Assert.True(Sample.GetBoolean("sluice.flags.y"));
        Assert.True(Sample.GetBoolean("sluice.flags.on"));
        Assert.False(Sample.GetBoolean("sluice.flags.f"));
        Assert.False(Sample.GetBoolean("sluice.flags.n"));
        Assert.False(Sample.GetBoolean("sluice.flags.off"));
        Assert.Equal("sluice.flags.bad: expected a boolean (true/false, yes/no, on/off), found \"maybe\" (application.conf:10)",
            Assert.Throws<ConfigurationException>(() => Sample.GetBoolean("sluice.flags.bad")).Message);
    }

    [Fact]
    public void Strings_come_from_any_simple_value_but_not_null_or_collections()
    {
        Assert.Equal("30", Sample.GetString("sluice.actor.count"));
        Assert.Equal("true", Sample.GetString("sluice.flags.t"));
        Assert.Equal("q", Sample.GetString("sluice.\"quoted.key\""));
        Assert.Equal("sluice.nothing: expected a string, found null (application.conf:11)",
            Assert.Throws<ConfigurationException>(() => Sample.GetString("sluice.nothing")).Message);
        Assert.Equal("sluice.actor: expected a string, found an object (application.conf:2)",
            Assert.Throws<ConfigurationException>(() => Sample.GetString("sluice.actor")).Message);
        Assert.Equal("sluice.list: expected a string, found a list (application.conf:12)",
            Assert.Throws<ConfigurationException>(() => Sample.GetString("sluice.list")).Message);
    }

    [Fact]
    public void Lists_convert_their_elements_and_name_the_bad_one()
    {
        Assert.Equal(["a", "1", "true"], Sample.GetStringList("sluice.list"));
        Assert.Equal([1, 2, 3], Sample.GetIntList("sluice.ints"));
        Assert.Equal([1, 2], Sample.GetConfigList("sluice.objects").Select(c => c.GetInt("a")));
        Assert.Equal(["a", "b"], Sample.GetStringList("sluice.indexed"));
        Assert.Equal("sluice.list[0]: expected a number, found \"a\" (application.conf:12)",
            Assert.Throws<ConfigurationException>(() => Sample.GetIntList("sluice.list")).Message);
        Assert.Equal("sluice.list[0]: expected an object, found \"a\" (application.conf:12)",
            Assert.Throws<ConfigurationException>(() => Sample.GetConfigList("sluice.list")).Message);
        Assert.Equal("sluice.actor.count: expected a list, found 30 (application.conf:4)",
            Assert.Throws<ConfigurationException>(() => Sample.GetStringList("sluice.actor.count")).Message);
    }

    [Fact]
    public void Get_config_returns_the_subtree_or_empty_for_a_missing_or_null_path()
    {
        Assert.Equal(30, Sample.GetConfig("sluice.actor").GetInt("count"));
        Assert.True(Sample.GetConfig("sluice.missing").IsEmpty);
        Assert.True(Sample.GetConfig("sluice.nothing").IsEmpty);
        Assert.Same(Config.Empty, Sample.GetConfig("nope"));
        Assert.Equal("sluice.actor.count: expected an object, found 30 (application.conf:4)",
            Assert.Throws<ConfigurationException>(() => Sample.GetConfig("sluice.actor.count")).Message);
    }

    [Fact]
    public void Has_path_is_false_for_missing_and_null_values()
    {
        Assert.True(Sample.HasPath("sluice.actor.count"));
        Assert.True(Sample.HasPath("sluice.actor"));
        Assert.False(Sample.HasPath("sluice.nothing"));
        Assert.False(Sample.HasPath("sluice.actor.count.deeper"));
        Assert.False(Sample.HasPath("nope"));
    }

    [Fact]
    public void An_invalid_path_is_an_error() =>
        Assert.Equal("Invalid path 'a..b': empty path element (write \"\" for a key that is an empty string)",
            Assert.Throws<ConfigurationException>(() => Sample.HasPath("a..b")).Message);

    [Fact]
    public void Keys_entries_and_origins_describe_the_tree()
    {
        var config = Config.Parse("b { c = [1, 2], d = \"x\" }\na = 1\ne {}\n\"f.g\" = null", "app.conf");

        Assert.Equal(["b", "a", "e", "f.g"], config.Keys);
        Assert.Equal(
            [new("b.c", "[1, 2]"), new("b.d", "\"x\""), new("a", "1"), new("e", "{}"), new("\"f.g\"", "null")],
            config.Entries());
        Assert.Equal(new ConfigOrigin("app.conf", 2), config.GetOrigin("a"));
        Assert.Equal("app.conf:1", config.GetOrigin("b.c")!.ToString());
        Assert.Null(config.GetOrigin("zzz"));
        Assert.False(config.IsEmpty);
        Assert.True(Config.Empty.IsEmpty);
    }

    [Fact]
    public void Render_parses_back_to_the_same_tree()
    {
        var config = Resolve(
            "a { b = 1, c = [1, { x = \"q\\\"uote\" }, [2]], \"d.e\" = null, f = {} }\n\"include\" = true\n\"\" = \"\"\nz = \"line\\nbreak\"\nn = 1e5\nw = \"10\"");

        var rendered = config.Render();

        AssertJson(config.ToJson(), Config.Parse(rendered).Resolve());
        Assert.Equal("n = 1e5", rendered.Split('\n').Single(l => l.StartsWith("n ", StringComparison.Ordinal)));
    }

    [Fact]
    public void To_json_is_indented_json_that_keeps_numbers_as_written() =>
        Assert.Equal(
            "{\n  \"a\": {\n    \"b\": [\n      1.50,\n      7\n    ]\n  },\n  \"c\": \"é\"\n}".Replace("\n", System.Environment.NewLine, StringComparison.Ordinal),
            Config.Parse("a.b = [1.50, 007]\nc = é").ToJson());

    [Fact]
    public void To_json_writes_numbers_by_value() =>
        AssertJson("""{ "a": 100000, "b": -0.25, "c": 12345678901234567890123 }""", Config.Parse("a = 1e5\nb = -2.5e-1\nc = 12345678901234567890123"));
}
