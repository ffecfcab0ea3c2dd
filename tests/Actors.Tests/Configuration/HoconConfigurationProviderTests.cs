using Microsoft.Extensions.Configuration;
using Sluice.Actors.Configuration;
using Xunit;

namespace Sluice.Actors.Tests.Configuration;

/// <summary>The bridge into Microsoft.Extensions.Configuration.</summary>
public sealed class HoconConfigurationProviderTests
{
    [Fact]
    public void Paths_become_colon_keys_and_list_elements_indexes()
    {
        var configuration = new ConfigurationBuilder()
            .AddHocon(Config.Parse("a.b.c = 1\nlist = [x, { y = 2 }]\nflag = on\nnothing = null\nempty {}\nnone = []\nd = ${a.b.c}"))
            .Build();

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["a:b:c"] = "1",
                ["list:0"] = "x",
                ["list:1:y"] = "2",
                ["flag"] = "on",
                ["nothing"] = null,
                ["empty"] = null,
                ["none"] = null,
                ["d"] = "1",
            },
            configuration.AsEnumerable().Where(kv => kv.Value is not null || !configuration.GetSection(kv.Key).GetChildren().Any())
                .ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Equal("1", configuration["A:B:C"]);
        Assert.Equal("2", configuration.GetSection("list").GetChildren().ElementAt(1)["y"]);
    }

    [Fact]
    public void A_hocon_file_is_read_when_the_configuration_is_built()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-hocon-");
        try
        {
            var file = Path.Combine(folder.FullName, "app.conf");
            File.WriteAllText(file, "base = 1\nsluice { port = ${base}, hosts = [a, b] }");

            var configuration = new ConfigurationBuilder()
                .AddHoconFile(file)
                .AddHoconFile(Path.Combine(folder.FullName, "missing.conf"), optional: true)
                .Build();

            Assert.Equal("1", configuration["sluice:port"]);
            Assert.Equal("b", configuration["sluice:hosts:1"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_required_file_fails_the_build()
    {
        var builder = new ConfigurationBuilder().AddHoconFile("/nonexistent/sluice/app.conf");

        Assert.Equal("/nonexistent/sluice/app.conf: configuration file not found (looked for /nonexistent/sluice/app.conf)",
            Assert.Throws<ConfigurationException>(() => builder.Build()).Message);
    }
}
