using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;
using Sluice.Host.Hosting;
using Sluice.Host.Jobs;

namespace Sluice.Host.Tests.Hosting;

public sealed class SluiceServiceTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-host-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Jobs_named_in_configuration_start_with_the_host_and_stop_with_it()
    {
        var service = new SluiceService(new SluiceOptions { Config = Config($$"""
            sluice.host.job-assemblies = ["{{typeof(TestMemoryJob).Assembly.Location}}"]
            sluice.jobs = [{ name = upper, type = test-memory, suffix = "!" }]
            """) });
        var progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Queries.AddListener(new OnProgress(p => { if (p.NumInputRows > 0) progressed.TrySetResult(); }));

        await service.StartAsync(CancellationToken.None);
        var query = Assert.Single(service.Queries.Active);
        Assert.Equal("upper", query.Name);
        TestMemoryJob.Source.AddData("a", "b");
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await service.StopAsync(CancellationToken.None);

        Assert.False(query.IsActive);
        Assert.Null(query.Exception);
        Assert.Equal(["A!", "B!"], TestMemoryJob.Written.Select(w => w.Row).Order());
        Assert.Null(service.Failure);
    }

    [Fact]
    public async Task An_unknown_job_type_fails_the_start_with_the_known_types()
    {
        var service = new SluiceService(new SluiceOptions { Config = Config("sluice.jobs = [{ name = x, type = nope }]") });
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => service.StartAsync(CancellationToken.None));
        Assert.StartsWith("No job of type 'nope'. Known types: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_entries_need_a_type_and_distinct_names()
    {
        var noType = Assert.Throws<ConfigurationException>(() => JobCatalogTestsAccess.Settings(Config("sluice.jobs = [{ name = x }]")));
        Assert.Contains("sluice.jobs[0]", noType.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'type'", noType.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ConfigurationException>(() => JobCatalogTestsAccess.Settings(Config("sluice.jobs = [{ name = x, type = a }, { name = x, type = b }]")));
        Assert.Contains("Two entries of sluice.jobs are named 'x'", twice.Message, StringComparison.Ordinal);
    }

    private Config Config(string text) =>
        Actors.Configuration.Config.Parse($"sluice.ui.port = 0\nsluice.host.data-directory = \"{_data}\"\n{text}")
            .WithFallback(Actors.Configuration.Config.Reference).Resolve();

    private sealed class OnProgress(Action<Graphs.Queries.Progress.StreamingQueryProgress> action) : StreamingQueryListener
    {
        public override void OnQueryProgress(StreamingQuery query, Graphs.Queries.Progress.StreamingQueryProgress progress) => action(progress);
    }

    private static class JobCatalogTestsAccess
    {
        public static HostSettings Settings(Config config) => HostSettings.From(config);
    }
}
