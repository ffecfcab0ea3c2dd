using System.Globalization;

namespace Sluice.Host.Tests.Metrics;

/// <summary>A strict reader of the Prometheus text exposition format, to check what /metrics serves.</summary>
internal sealed class PrometheusText
{
    private static readonly string[] KnownTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    public Dictionary<string, string> Types { get; } = [];

    public Dictionary<string, string> Help { get; } = [];

    /// <summary>Sample lines: "name{labels}" → value.</summary>
    public Dictionary<string, double> Samples { get; } = [];

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[1], KnownTypes);
                result.Types.Add(parts[0], parts[1]);
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var space = line.IndexOf(' ', 7);
                result.Help.Add(line[7..space], line[(space + 1)..]);
            }
            else
            {
                Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
                var split = line.LastIndexOf(' ');
                var series = line[..split];
                var name = series.Split('{')[0];
                Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
                var family = result.Types.Keys.SingleOrDefault(t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count");
                Assert.True(family is not null, $"sample {name} has no # TYPE line before it");
                var value = line[(split + 1)..] switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    var v => double.Parse(v, CultureInfo.InvariantCulture),
                };
                result.Samples.Add(series, value);
            }
        }

        return result;
    }
}
