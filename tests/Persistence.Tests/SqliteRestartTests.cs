using Sluice.Actors;
using Sluice.Actors.Configuration;

namespace Sluice.Persistence.Tests;

/// <summary>A persistent actor in a new actor system (a restarted process) recovers from the configured SQLite file.</summary>
public sealed class SqliteRestartTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory _directory;

    public SqliteRestartTests(TempDirectory directory) => _directory = directory;

    [Fact]
    public async Task A_new_actor_system_recovers_the_events_of_the_previous_one_from_the_data_directory()
    {
        var config = Config.Parse($"sluice.persistence {{ plugin = sqlite, data-directory = \"{_directory.Path}\" }}");
        await using (var first = ActorSystem.Create("sqlite-restart", config))
        {
            var actor = first.ActorOf(Props.Create(() => new Recorder("restart", first.DeadLetters, null)));
            Assert.Equal("a", await actor.Ask<string>(new Cmd("a")));
            Assert.Equal("b", await actor.Ask<string>(new Cmd("b")));
        }

        await using (var second = ActorSystem.Create("sqlite-restart", config))
        {
            var actor = second.ActorOf(Props.Create(() => new Recorder("restart", second.DeadLetters, null)));
            Assert.Equal(new RecorderState("a,b", 2, "a,b,completed"), await actor.Ask<RecorderState>(new GetState()));
        }

        Assert.True(File.Exists(Path.Combine(_directory.Path, "persistence.db")));
    }
}
