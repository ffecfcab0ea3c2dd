using System.Diagnostics;
using System.Text;
using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>Parsing stays linear: large inputs finish well within generous bounds (quadratic code would not).</summary>
public sealed class PerformanceTests
{
    [Fact]
    public void Ten_thousand_path_keys_in_one_object_parse_and_resolve_quickly()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("sluice.section.key").Append(i).Append(" = value").Append(i).Append(" # comment\n");
            if (i % 10 == 0)
            {
                text.Append("sluice.refs.r").Append(i).Append(" = ${sluice.section.key").Append(i).Append("}\n");
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var config = Config.Parse(text.ToString()).Resolve();
        stopwatch.Stop();

        Assert.Equal("value9990", config.GetString("sluice.refs.r9990"));
        Assert.Equal(10_000, config.GetConfig("sluice.section").Keys.Count());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_long_concatenation_and_a_long_string_parse_quickly()
    {
        var words = string.Join(' ', Enumerable.Range(0, 50_000).Select(i => $"w{i}"));
        var quoted = new string('x', 1_000_000);

        var stopwatch = Stopwatch.StartNew();
        var config = Config.Parse($"a = {words}\nb = \"{quoted}\"\nc = ${{a}} ${{b}}").Resolve();
        stopwatch.Stop();

        Assert.Equal(words, config.GetString("a"));
        Assert.Equal(words.Length + 1 + quoted.Length, config.GetString("c").Length);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }
}
