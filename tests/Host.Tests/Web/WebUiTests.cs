using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Host.Tests.Web;

public sealed class WebUiTests
{
    private static readonly object[] Progress =
    [
        new { id = "q1", batchId = 0, numInputRows = 10, inputRowsPerSecond = 5.0 },
        new { id = "q1", batchId = 1, numInputRows = 20, inputRowsPerSecond = 7.5 },
    ];

    [Fact]
    public async Task The_api_lists_queries_with_their_last_progress_and_serves_pages_and_metrics()
    {
        var catalog = new FakeCatalog([new QueryInfo("q1", "r1", "wordcount", "ACTIVE", "Waiting for data", Progress)]);
        using var exporter = new PrometheusExporter("Sluice.Test.WebUi");
        using var meter = new Meter("Sluice.Test.WebUi");
        meter.CreateCounter<long>("sluice.rows.in").Add(3);
        await using var ui = await WebUi.StartAsync(new WebUiOptions(Port: 0), catalog, exporter);
        using var http = new HttpClient { BaseAddress = ui.Address };

        using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/queries", UriKind.Relative)));
        var query = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("wordcount", query.GetProperty("name").GetString());
        Assert.Equal("ACTIVE", query.GetProperty("status").GetString());
        Assert.Equal(1, query.GetProperty("lastProgress").GetProperty("batchId").GetInt32());

        using var progress = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/queries/wordcount/progress", UriKind.Relative)));
        Assert.Equal([10, 20], progress.RootElement.EnumerateArray().Select(p => p.GetProperty("numInputRows").GetInt32()));

        var missing = await http.GetAsync(new Uri("/api/queries/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No query with id or name 'nope'", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await http.GetAsync(new Uri("/query/q1", UriKind.Relative));
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("Input rate and processing rate", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("function draw", await http.GetStringAsync(new Uri("/assets/app.js", UriKind.Relative)), StringComparison.Ordinal);

        var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.StartsWith("text/plain; version=0.0.4", metrics.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("sluice_rows_in_total 3\n", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri("/api/queries/q1/stop", UriKind.Relative), null)).StatusCode);
        Assert.Equal(["wordcount"], catalog.Stopped);
    }

    [Fact]
    public async Task A_port_in_use_is_refused_with_the_option_to_change_it()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        using var exporter = new PrometheusExporter("Sluice.Test.Port");

        var error = await Assert.ThrowsAsync<WebUiException>(() => WebUi.StartAsync(new WebUiOptions(Port: port), new FakeCatalog([]), exporter));

        Assert.Equal(
            $"The web UI cannot listen on 127.0.0.1:{port}: the port is in use (another sluice?). " +
            "Choose another port with --ui-port <port> (or sluice.ui.port), or disable the UI with --ui-port 0.",
            error.Message);
    }

    private sealed class FakeCatalog(IReadOnlyList<QueryInfo> queries) : IQueryCatalog
    {
        public List<string> Stopped { get; } = [];

        public IReadOnlyList<QueryInfo> Queries => queries;

        public IReadOnlyList<ShardInfo> Shards => [];

        public Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken)
        {
            var query = queries.FirstOrDefault(q => q.Id == idOrName || q.Name == idOrName);
            if (query is not null)
            {
                Stopped.Add(query.Name);
            }

            return Task.FromResult(query is not null);
        }
    }
}
