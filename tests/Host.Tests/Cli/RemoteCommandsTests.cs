using Sluice.Host.Cli;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Host.Tests.Cli;

public sealed class RemoteCommandsTests
{
    [Fact]
    public async Task Queries_lists_a_running_hosts_queries_and_stop_stops_one_by_name()
    {
        var catalog = new OneQuery();
        using var exporter = new PrometheusExporter("Sluice.Test.Remote");
        await using var ui = await WebUi.StartAsync(new WebUiOptions(Port: 0), catalog, exporter);

        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await SluiceCommand.RunAsync(["queries", "--url", ui.Address.ToString()], output, new StringWriter()));
        Assert.Equal(
            [
                "NAME                     STATUS     BATCH  INPUT ROWS/S  PROCESSED ROWS/S  ID",
                "wordcount                ACTIVE         7          12.5              40.0  q1",
            ],
            output.ToString().TrimEnd().Split(Environment.NewLine));

        output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await SluiceCommand.RunAsync(["stop", "wordcount", "--url", ui.Address.ToString()], output, new StringWriter()));
        Assert.Equal("Stopped query wordcount.", output.ToString().TrimEnd());
        Assert.True(catalog.Stopped);

        var error = new StringWriter();
        Assert.Equal(ExitCodes.InvalidConfiguration, await SluiceCommand.RunAsync(["stop", "nope", "--url", ui.Address.ToString()], new StringWriter(), error));
        Assert.Equal($"sluice: the host at {ui.Address} has no query 'nope'. 'sluice queries' lists them.", error.ToString().TrimEnd());
    }

    [Fact]
    public async Task Queries_without_a_running_host_says_so_and_exits_with_code_4()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = new StringWriter();
        Assert.Equal(ExitCodes.Unavailable, await SluiceCommand.RunAsync(["queries", "--url", $"http://127.0.0.1:{port}/"], new StringWriter(), error));
        Assert.StartsWith($"sluice: no host answers at http://127.0.0.1:{port}/", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class OneQuery : IQueryCatalog
    {
        public bool Stopped { get; private set; }

        public IReadOnlyList<QueryInfo> Queries =>
            [new QueryInfo("q1", "r1", "wordcount", Stopped ? "STOPPED" : "ACTIVE", "", [new { batchId = 7, inputRowsPerSecond = 12.5, processedRowsPerSecond = 40.0 }])];

        public IReadOnlyList<ShardInfo> Shards => [];

        public Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken)
        {
            var found = idOrName is "q1" or "wordcount";
            Stopped |= found;
            return Task.FromResult(found);
        }
    }
}
