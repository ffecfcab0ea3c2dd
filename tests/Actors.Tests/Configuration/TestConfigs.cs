using Xunit;
using System.Text.Json;
using Sluice.Actors.Configuration;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>Helpers: parse and resolve with a given environment (never the process's), compare with JSON.</summary>
internal static class TestConfigs
{
    public static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    public static Config Resolve(string text, params (string Name, string Value)[] variables) =>
        Config.Parse(text).ResolveWithEnvironment(Environment(variables));

    public static Config ResolveFile(string path, params (string Name, string Value)[] variables) =>
        Config.ParseFile(path).ResolveWithEnvironment(Environment(variables));

    public static void AssertJson(string expectedJson, Config config)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        var actualJson = config.ToJson();
        using var actual = JsonDocument.Parse(actualJson);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement),
            $"Expected {expected.RootElement.GetRawText()}{System.Environment.NewLine}but was {actualJson}");
    }

    public static ConfigurationException Fails(string text, params (string Name, string Value)[] variables) =>
        Assert.Throws<ConfigurationException>(() => Resolve(text, variables));
}
