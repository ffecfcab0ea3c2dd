using Sluice.Actors.Configuration;
using Sluice.Host.Cli;
using Sluice.Host.Configuration;

namespace Sluice.Host.Tests.Configuration;

public sealed class ConfigLayersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Set_beats_environment_beats_later_file_beats_earlier_file_beats_reference()
    {
        var first = Write("first.conf", "sluice.actor.ask-timeout = 1s\nsluice.actor.dead-letters-log-max = 3\nsluice.loglevel = DEBUG\n");
        var second = Write("second.conf", "sluice.actor.ask-timeout = 2s\nsluice.actor.dead-letters-log-max = 4\n");
        var environment = new Dictionary<string, string> { ["SLUICE_ACTOR__ASK_TIMEOUT"] = "3s" };

        var config = ConfigLayers.Load([first, second], ["sluice.actor.dead-letters-log-max=9"], environment);

        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("sluice.actor.ask-timeout"));
        Assert.Equal("environment variable SLUICE_ACTOR__ASK_TIMEOUT", config.GetOrigin("sluice.actor.ask-timeout")!.Description);
        Assert.Equal(9, config.GetInt("sluice.actor.dead-letters-log-max"));
        Assert.Equal("--set sluice.actor.dead-letters-log-max", config.GetOrigin("sluice.actor.dead-letters-log-max")!.Description);
        Assert.Equal("DEBUG", config.GetString("sluice.loglevel"));
        Assert.Equal($"{first}:3", config.GetOrigin("sluice.loglevel")!.ToString());
        Assert.Equal("reference.conf", config.GetOrigin("sluice.actor.dispatchers.default.type")!.Description);
    }

    [Fact]
    public void A_set_value_that_is_not_hocon_is_taken_as_a_string()
    {
        var config = ConfigLayers.Load([], ["sluice.persistence.data-directory=/tmp/a dir:with colon"], []);
        Assert.Equal("/tmp/a dir:with colon", config.GetString("sluice.persistence.data-directory"));
    }

    [Fact]
    public void A_missing_file_is_named_with_the_fix()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigLayers.Load([Path.Combine(_dir, "nope.conf")], [], []));
        Assert.Contains("nope.conf' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_prints_values_with_origins_and_invalid_files_exit_with_code_2()
    {
        var good = Write("good.conf", "sluice.actor.ask-timeout = 5s\n");
        var output = new StringWriter();
        var code = await SluiceCommand.RunAsync(["config", "show", "--config", good, "--path", "sluice.actor.ask-timeout"], output, new StringWriter());
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal($"sluice.actor.ask-timeout = \"5s\"  # {good}:1", output.ToString().TrimEnd());

        var bad = Write("bad.conf", "sluice {\n  actor {\n    bad = \n");
        var error = new StringWriter();
        code = await SluiceCommand.RunAsync(["config", "show", "--config", bad], new StringWriter(), error);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.StartsWith($"sluice: invalid configuration: {bad}:4:1: expected a value for key 'bad'", error.ToString(), StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
